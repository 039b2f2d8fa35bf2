using MicroGrad.Data;

namespace MicroGrad.Tests.Data;

public class DatasetsTests
{
    [Fact]
    public void YinYang_from_seed_42_starts_with_eurekalabs_first_training_point()
    {
        // Oracle: EurekaLabs micrograd, random = RNG(42); gen_data_yinyang(random, n=100) -> train[0] is
        // [[-0.6436591148376465, 1.1290233135223389], 0] (quoted in the issue).
        var splits = Datasets.YinYang(new Rng(42), 100);
        Assert.Equal(-0.6436591148376465, splits.Train.Features[0][0]);
        Assert.Equal(1.1290233135223389, splits.Train.Features[0][1]);
        Assert.Equal(0, splits.Train.Labels![0]);
    }

    [Fact]
    public void YinYang_splits_80_10_10_in_order_with_classes_cycling()
    {
        // By definition (EurekaLabs): point i has class i % 3; tr = pts[:80], val = pts[80:90], te = pts[90:].
        var splits = Datasets.YinYang(new Rng(42), 100);
        Assert.Equal((80, 10, 10), (splits.Train.Count, splits.Validation.Count, splits.Test.Count));
        Assert.Equal(1, splits.Train.Labels![1]);
        Assert.Equal(2, splits.Train.Labels![2]);
        Assert.Equal(80 % 3, splits.Validation.Labels![0]);
        Assert.Equal(90 % 3, splits.Test.Labels![0]);
        // Every point lies in the big circle of radius 2 after scaling.
        foreach (var p in splits.Train.Features)
            Assert.InRange(p[0] * p[0] + p[1] * p[1], 0.0, 4.0);
    }

    [Fact]
    public void YinYang_uses_the_rngs_uniform_draws_for_x_then_y()
    {
        // Hand check of the recipe: the first accepted point is built from two consecutive uniform(0, 1) draws
        // scaled by (c / 0.5 - 1) * 2 = 4c - 2, so replaying the generator finds it among the first draws.
        var replay = new Rng(42);
        var first = Datasets.YinYang(new Rng(42), 3).Train.Features[0];
        var found = false;
        for (var k = 0; k < 100 && !found; k++)
        {
            var x = replay.Uniform(0, 1.0);
            var y = replay.Uniform(0, 1.0);
            found = (x / 0.5 - 1) * 2 == first[0] && (y / 0.5 - 1) * 2 == first[1];
        }
        Assert.True(found);
    }

    [Fact]
    public void Moons_are_seeded_balanced_and_near_the_two_arcs()
    {
        var a = Datasets.Moons(100, 0.0, new Rng(1));
        var b = Datasets.Moons(100, 0.0, new Rng(1));
        Assert.Equal(a.Features, b.Features);
        Assert.Equal(50, a.Labels!.Count(l => l == 0));
        // Without noise, class 0 lies on the unit circle about (0, 0) and class 1 on the one about (1, 0.5)
        // (scikit-learn's make_moons geometry).
        for (var i = 0; i < a.Count; i++)
        {
            var (cx, cy) = a.Labels![i] == 0 ? (0.0, 0.0) : (1.0, 0.5);
            var r = Math.Sqrt(Math.Pow(a.Features[i][0] - cx, 2) + Math.Pow(a.Features[i][1] - cy, 2));
            Assert.Equal(1.0, r, 1e-12);
        }
        Assert.Equal(new[] { -1.0, 1.0 }, a.SignedLabels().Distinct().Order());
    }

    [Fact]
    public void Circles_blobs_spiral_and_xor_have_the_requested_shape()
    {
        var rng = new Rng(5);
        var circles = Datasets.Circles(60, 0.0, rng, factor: 0.5);
        for (var i = 0; i < circles.Count; i++)
        {
            var r = Math.Sqrt(circles.Features[i][0] * circles.Features[i][0] + circles.Features[i][1] * circles.Features[i][1]);
            Assert.Equal(circles.Labels![i] == 0 ? 1.0 : 0.5, r, 1e-12);
        }
        var blobs = Datasets.Blobs(90, 3, 0.5, rng);
        Assert.Equal((90, 3, 2), (blobs.Count, blobs.ClassCount, blobs.FeatureCount));
        var spiral = Datasets.Spiral(50, 3, 0.0, rng);
        Assert.Equal(150, spiral.Count);
        // CS231n: the last point of each arm has radius 1.
        Assert.Equal(1.0, Math.Sqrt(spiral.Features[49][0] * spiral.Features[49][0] + spiral.Features[49][1] * spiral.Features[49][1]), 1e-12);
        var xor = Datasets.Xor(200, 0.0, rng);
        for (var i = 0; i < xor.Count; i++)
            Assert.Equal(xor.Features[i][0] * xor.Features[i][1] < 0 ? 1 : 0, xor.Labels![i]);
    }

    [Fact]
    public void Lecture_samples_are_the_lectures()
    {
        // Oracle: the lecture notebook, xs = [[2,3,-1],[3,-1,0.5],[0.5,1,1],[1,1,-1]], ys = [1,-1,-1,1].
        var lecture = Datasets.Lecture();
        var (xs, ys) = (lecture.Features, lecture.Target);
        Assert.Equal(new[] { 2.0, 3.0, -1.0 }, xs[0]);
        Assert.Equal(new[] { 1.0, 1.0, -1.0 }, xs[3]);
        Assert.Equal(new[] { 1.0, -1.0, -1.0, 1.0 }, ys);
    }

    [Fact]
    public void Bad_sizes_and_labels_name_expected_and_actual()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.Moons(1, 0.1, new Rng(1)));
        Assert.Contains("at least 2; got 1", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.Moons(10, double.NaN, new Rng(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.YinYang(new Rng(1), 10, rSmall: 0.3));
        var label = Assert.Throws<ArgumentException>(() => new Dataset([[1.0], [2.0]], [0, 2], 2));
        Assert.Contains("[0, 2) at index 1; got 2", label.Message, StringComparison.Ordinal);
        var nan = Assert.Throws<ArgumentException>(() => new Dataset([[1.0, double.NaN]], [0], 2));
        Assert.Contains("row 0, column 1", nan.Message, StringComparison.Ordinal);
        var width = Assert.Throws<ArgumentException>(() => new Dataset([[1.0, 2.0], [1.0]], [0, 1], 2));
        Assert.Contains("row 1 to have 2 features", width.Message, StringComparison.Ordinal);
    }
}
