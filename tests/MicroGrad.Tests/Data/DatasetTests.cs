using MicroGrad.Data;

namespace MicroGrad.Tests.Data;

public partial class DatasetTests
{
    [Fact]
    public void Csv_drawn_and_lecture_data_are_one_type_with_the_same_members()
    {
        var csv = CsvData.Parse("a,b,y\n1,2,3\n4,5,6\n", "y", sourceName: "t.csv");
        Assert.Equal((2, 2, "y", "t.csv", false), (csv.Count, csv.FeatureCount, csv.TargetName, csv.Source, csv.IsClassification));
        Assert.Equal(["a", "b"], csv.FeatureNames);
        Assert.Equal([[1.0, 2.0], [4.0, 5.0]], csv.Features);
        Assert.Equal([3.0, 6.0], csv.Target);
        Assert.Null(csv.Labels);
        Assert.Equal(0, csv.ClassCount);

        var moons = Datasets.Moons(10, 0.1, new Rng(3));
        Assert.True(moons.IsClassification);
        Assert.Equal((10, 2, 2), (moons.Count, moons.FeatureCount, moons.ClassCount));
        Assert.Equal(["x0", "x1"], moons.FeatureNames);

        var lecture = Datasets.Lecture();
        Assert.Equal(["x0", "x1", "x2"], lecture.FeatureNames);
        Assert.Equal((4, 3, "y"), (lecture.Count, lecture.FeatureCount, lecture.TargetName));
    }

    [Fact]
    public void A_classifications_target_is_its_class_index_and_signed_labels_are_plus_minus_one()
    {
        // By definition: class k has target k (cross-entropy, BCE), and micrograd's y*2 - 1 for the hinge loss.
        var data = new Dataset([[0.0], [1.0], [2.0]], [1, 0, 1], 2);
        Assert.Equal([1.0, 0.0, 1.0], data.Target);
        Assert.Equal([1, 0, 1], data.Labels);
        Assert.Equal([1.0, -1.0, 1.0], data.SignedLabels());
    }

    [Fact]
    public void Signed_labels_need_a_binary_classification()
    {
        var three = new Dataset([[0.0], [1.0], [2.0]], [0, 1, 2], 3);
        var ex = Assert.Throws<InvalidOperationException>(three.SignedLabels);
        Assert.Contains("binary data set for ±1 labels; got 3 classes", ex.Message, StringComparison.Ordinal);
        var plain = Datasets.Lecture();
        ex = Assert.Throws<InvalidOperationException>(plain.SignedLabels);
        Assert.Contains("got a data set without classes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_shapes_name_expected_and_actual()
    {
        var count = Assert.Throws<ArgumentException>(() => new Dataset(["a"], "y", [[1.0], [2.0]], [1.0]));
        Assert.Contains("one target per row: 2 rows but 1 targets", count.Message, StringComparison.Ordinal);
        var ragged = Assert.Throws<ArgumentException>(() => new Dataset(["a", "b"], "y", [[1.0, 2.0], [3.0]], [1.0, 2.0]));
        Assert.Contains("row 1 to have 2 features", ragged.Message, StringComparison.Ordinal);
        Assert.Contains("got 1", ragged.Message, StringComparison.Ordinal);
        var classes = Assert.Throws<ArgumentOutOfRangeException>(() => new Dataset([[1.0]], [0], 0));
        Assert.Contains("at least 1 class; got 0", classes.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_data_folder_does_not_depend_on_the_network_folder()
    {
        // Issue 9, point 3: Data/ is usable without NN/ (MicrogradDemo, which builds an Mlp, lives in NN/).
        var files = Directory.GetFiles(Path.Combine(Repository.Root, "src", "MicroGrad", "Data"), "*.cs");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var found = NetworkReference().Match(File.ReadAllText(file));
            Assert.False(found.Success, $"{Path.GetFileName(file)} names the network namespace: '{found.Value}'.");
        }
    }

    /// <summary>`using MicroGrad.NN;`, `MicroGrad.NN.Mlp` or `NN.Mlp`.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\bMicroGrad\.NN\b|\bNN\.[A-Z]")]
    private static partial System.Text.RegularExpressions.Regex NetworkReference();
}
