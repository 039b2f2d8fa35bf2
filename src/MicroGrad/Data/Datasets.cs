using System.Globalization;
using static System.FormattableString;

namespace MicroGrad.Data;

/// <summary>
/// Small synthetic data sets, all drawn from an <see cref="Rng"/> so that a seed fixes them on every platform.
/// <see cref="YinYang"/> is EurekaLabs' generator draw for draw; the others follow scikit-learn's and CS231n's
/// recipes with this generator (so they are not numpy's numbers).
/// </summary>
public static class Datasets
{
    /// <summary>
    /// Two interleaving half circles (scikit-learn's <c>make_moons</c> recipe): ⌊n/2⌋ points of class 0 at
    /// (cos t, sin t) and the rest of class 1 at (1 − cos t, 0.5 − sin t), t evenly spaced in [0, π]; then shuffled
    /// (<see cref="Rng.Permutation"/>) and jittered by <c>N(0, noise²)</c> per coordinate.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> &lt; 2 or <paramref name="noise"/> negative or not finite.</exception>
    public static Dataset Moons(int n, double noise, Rng rng)
    {
        CheckCount(n, 2, nameof(n));
        CheckNoise(noise);
        ArgumentNullException.ThrowIfNull(rng);
        var outer = n / 2;
        var inner = n - outer;
        var points = new double[n][];
        var labels = new int[n];
        for (var i = 0; i < outer; i++)
        {
            var t = Linspace(0, Math.PI, outer, i);
            points[i] = [Math.Cos(t), Math.Sin(t)];
        }
        for (var i = 0; i < inner; i++)
        {
            var t = Linspace(0, Math.PI, inner, i);
            points[outer + i] = [1 - Math.Cos(t), 1 - Math.Sin(t) - 0.5];
            labels[outer + i] = 1;
        }
        return ShuffleAndJitter(points, labels, 2, noise, rng);
    }

    /// <summary>
    /// Two concentric circles (scikit-learn's <c>make_circles</c> recipe): ⌊n/2⌋ points of class 0 on the unit
    /// circle and the rest of class 1 on the circle of radius <paramref name="factor"/>, evenly spaced; then
    /// shuffled and jittered by <c>N(0, noise²)</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> &lt; 2, <paramref name="noise"/> negative, or
    /// <paramref name="factor"/> outside (0, 1).</exception>
    public static Dataset Circles(int n, double noise, Rng rng, double factor = 0.8)
    {
        CheckCount(n, 2, nameof(n));
        CheckNoise(noise);
        ArgumentNullException.ThrowIfNull(rng);
        if (!(factor is > 0 and < 1))
            MicroGradThrow.ArgumentOutOfRange(nameof(factor), factor, "a radius ratio in (0, 1)");
        var outer = n / 2;
        var inner = n - outer;
        var points = new double[n][];
        var labels = new int[n];
        for (var i = 0; i < outer; i++)
        {
            var t = 2 * Math.PI * i / outer;
            points[i] = [Math.Cos(t), Math.Sin(t)];
        }
        for (var i = 0; i < inner; i++)
        {
            var t = 2 * Math.PI * i / inner;
            points[outer + i] = [factor * Math.Cos(t), factor * Math.Sin(t)];
            labels[outer + i] = 1;
        }
        return ShuffleAndJitter(points, labels, 2, noise, rng);
    }

    /// <summary>
    /// Gaussian blobs in the plane: <paramref name="classes"/> centres drawn uniformly in [−10, 10]² (scikit-learn's
    /// default box), then point i of class <c>i mod classes</c> at its centre plus <c>N(0, std²)</c> per coordinate.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> or <paramref name="classes"/> is less than 1, or
    /// <paramref name="std"/> is negative.</exception>
    public static Dataset Blobs(int n, int classes, double std, Rng rng)
    {
        CheckCount(n, 1, nameof(n));
        CheckCount(classes, 1, nameof(classes));
        CheckNoise(std, nameof(std));
        ArgumentNullException.ThrowIfNull(rng);
        var centres = new double[classes][];
        for (var k = 0; k < classes; k++)
            centres[k] = [rng.Uniform(-10, 10), rng.Uniform(-10, 10)];
        var points = new double[n][];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            var k = i % classes;
            labels[i] = k;
            points[i] = [centres[k][0] + rng.Normal(0, std), centres[k][1] + rng.Normal(0, std)];
        }
        return new Dataset(points, labels, classes);
    }

    /// <summary>
    /// CS231n's spiral: for class j, point i of <paramref name="pointsPerClass"/> at radius r = i/(N − 1) and angle
    /// <c>t = 4j + 4i/(N − 1) + N(0, noise²)</c>, i.e. (r·sin t, r·cos t).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pointsPerClass"/> &lt; 2, <paramref name="classes"/> &lt; 1,
    /// or <paramref name="noise"/> negative.</exception>
    public static Dataset Spiral(int pointsPerClass, int classes, double noise, Rng rng)
    {
        CheckCount(pointsPerClass, 2, nameof(pointsPerClass));
        CheckCount(classes, 1, nameof(classes));
        CheckNoise(noise);
        ArgumentNullException.ThrowIfNull(rng);
        var points = new double[pointsPerClass * classes][];
        var labels = new int[points.Length];
        for (var j = 0; j < classes; j++)
        {
            for (var i = 0; i < pointsPerClass; i++)
            {
                var r = Linspace(0, 1, pointsPerClass, i);
                var t = Linspace(j * 4.0, (j + 1) * 4.0, pointsPerClass, i) + rng.Normal(0, noise);
                var index = j * pointsPerClass + i;
                points[index] = [r * Math.Sin(t), r * Math.Cos(t)];
                labels[index] = j;
            }
        }
        return new Dataset(points, labels, classes);
    }

    /// <summary>
    /// XOR: points uniform in [−1, 1]², class 1 where exactly one coordinate is positive (x·y &lt; 0), then jittered by
    /// <c>N(0, noise²)</c> (after labelling, so noise blurs the boundary).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> &lt; 1 or <paramref name="noise"/> negative.</exception>
    public static Dataset Xor(int n, double noise, Rng rng)
    {
        CheckCount(n, 1, nameof(n));
        CheckNoise(noise);
        ArgumentNullException.ThrowIfNull(rng);
        var points = new double[n][];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            var x = rng.Uniform(-1, 1);
            var y = rng.Uniform(-1, 1);
            labels[i] = (x > 0) != (y > 0) ? 1 : 0;
            points[i] = noise == 0 ? [x, y] : [x + rng.Normal(0, noise), y + rng.Normal(0, noise)];
        }
        return new Dataset(points, labels, 2);
    }

    /// <summary>
    /// EurekaLabs' yin-yang (after Kriener et al.), draw for draw: point i wants class <c>i mod 3</c>; draw x then y
    /// from <c>uniform(0, 2·rBig)</c> until the point lies in the big circle and has that class (2 within
    /// <paramref name="rSmall"/> of a dot at (1.5·rBig, rBig) or (0.5·rBig, rBig), 0 for yin, 1 for yang), then scale
    /// each coordinate to <c>(c/rBig − 1)·2</c>. Split 80/10/10 in order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> &lt; 1, or the radii are not
    /// 0 &lt; rSmall &lt; rBig/2.</exception>
    public static YinYangSplits YinYang(Rng rng, int n = 1000, double rSmall = 0.1, double rBig = 0.5)
    {
        ArgumentNullException.ThrowIfNull(rng);
        CheckCount(n, 1, nameof(n));
        if (!(rBig > 0 && double.IsFinite(rBig)))
            MicroGradThrow.ArgumentOutOfRange(nameof(rBig), rBig, "a positive finite radius");
        if (!(rSmall > 0 && rSmall < rBig / 2))
            MicroGradThrow.ArgumentOutOfRange(nameof(rSmall), rSmall, Invariant($"a radius in (0, rBig/2) = (0, {rBig / 2})"));
        var points = new double[n][];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            var goal = i % 3;
            while (true)
            {
                var x = rng.Uniform(0, 2 * rBig);
                var y = rng.Uniform(0, 2 * rBig);
                if (Distance(x, y, rBig, rBig) > rBig)
                    continue;
                if (YinYangClass(x, y, rSmall, rBig) != goal)
                    continue;
                points[i] = [(x / rBig - 1) * 2, (y / rBig - 1) * 2];
                labels[i] = goal;
                break;
            }
        }
        // Python's int(0.8 * n) truncates the double product.
        var trainEnd = (int)(0.8 * n);
        var validationEnd = (int)(0.9 * n);
        return new YinYangSplits(
            new Dataset(points[..trainEnd], labels[..trainEnd], 3),
            new Dataset(points[trainEnd..validationEnd], labels[trainEnd..validationEnd], 3),
            new Dataset(points[validationEnd..], labels[validationEnd..], 3));
    }

    /// <summary>The lecture's four samples: features x0, x1, x2 of <c>xs = [[2, 3, −1], [3, −1, 0.5], [0.5, 1, 1], [1, 1, −1]]</c>
    /// and target y of <c>ys = [1, −1, −1, 1]</c> (fresh arrays on every call).</summary>
    public static Dataset Lecture() =>
        new(["x0", "x1", "x2"], "y", [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]], [1.0, -1.0, -1.0, 1.0], "the lecture");

    private static int YinYangClass(double x, double y, double rSmall, double rBig)
    {
        var dRight = Distance(x, y, 1.5 * rBig, rBig);
        var dLeft = Distance(x, y, 0.5 * rBig, rBig);
        var isYin = dRight <= rSmall || (dLeft > rSmall && dLeft <= 0.5 * rBig) || (y > rBig && dRight > 0.5 * rBig);
        var isCircles = dRight < rSmall || dLeft < rSmall;
        return isCircles ? 2 : isYin ? 0 : 1;
    }

    // EurekaLabs writes ((x - cx)**2 + (y - cy)**2) ** 0.5: squares by multiplication are exact-rounded like **2.
    private static double Distance(double x, double y, double cx, double cy)
    {
        var dx = x - cx;
        var dy = y - cy;
        return Math.Sqrt(dx * dx + dy * dy);
    }

    private static Dataset ShuffleAndJitter(double[][] points, int[] labels, int classes, double noise, Rng rng)
    {
        var order = rng.Permutation(points.Length);
        var shuffledPoints = new double[points.Length][];
        var shuffledLabels = new int[points.Length];
        for (var i = 0; i < order.Length; i++)
        {
            shuffledPoints[i] = points[order[i]];
            shuffledLabels[i] = labels[order[i]];
        }
        if (noise > 0)
        {
            foreach (var p in shuffledPoints)
            {
                p[0] += rng.Normal(0, noise);
                p[1] += rng.Normal(0, noise);
            }
        }
        return new Dataset(shuffledPoints, shuffledLabels, classes);
    }

    private static double Linspace(double start, double stop, int count, int i) =>
        count == 1 ? start : start + (stop - start) * i / (count - 1);

    private static void CheckCount(int n, int min, string paramName)
    {
        if (n < min)
            MicroGradThrow.ArgumentOutOfRange(paramName, n, Invariant($"at least {min}"));
    }

    private static void CheckNoise(double noise, string paramName = "noise")
    {
        if (!(noise >= 0 && double.IsFinite(noise)))
            MicroGradThrow.ArgumentOutOfRange(paramName, noise, "a finite non-negative standard deviation");
    }

}
