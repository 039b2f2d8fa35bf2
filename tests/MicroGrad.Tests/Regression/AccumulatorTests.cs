using MicroGrad.Regression;
using static MicroGrad.Tests.Regression.RegressionTestData;

namespace MicroGrad.Tests.Regression;

/// <summary>Issue 12, item 5: accumulators over partitions merge into the single fit, in any order or tree and through
/// bytes; a foreign or damaged byte string is a clear <see cref="InvalidDataException"/>.</summary>
public sealed class AccumulatorTests
{
    private static readonly LinearRegression Ols = new(new LinearRegressionOptions());

    /// <summary>Uneven partitions of the rows: empty, one row, two rows, a middle part, and the rest.</summary>
    internal static LinearRegressionAccumulator[] Partitions(double[][] x, double[] y, int[] sizes, bool intercept = true)
    {
        var parts = new LinearRegressionAccumulator[sizes.Length + 1];
        var start = 0;
        for (var i = 0; i <= sizes.Length; i++)
        {
            var count = i < sizes.Length ? sizes[i] : x.Length - start;
            parts[i] = new LinearRegressionAccumulator(x[0].Length, intercept);
            parts[i].Add(x[start..(start + count)], y[start..(start + count)]);
            start += count;
        }
        Assert.Equal(x.Length, start);
        return parts;
    }

    internal static LinearRegressionAccumulator LeftFold(LinearRegressionAccumulator[] parts)
    {
        for (var i = 1; i < parts.Length; i++)
            parts[0].Merge(parts[i]);
        return parts[0];
    }

    private static LinearRegressionAccumulator RightFold(LinearRegressionAccumulator[] parts)
    {
        for (var i = parts.Length - 2; i >= 0; i--)
            parts[i].Merge(parts[i + 1]);
        return parts[0];
    }

    private static LinearRegressionAccumulator Tree(ReadOnlySpan<LinearRegressionAccumulator> parts)
    {
        if (parts.Length == 1)
            return parts[0];
        var left = Tree(parts[..(parts.Length / 2)]);
        left.Merge(Tree(parts[(parts.Length / 2)..]));
        return left;
    }

    private static LinearRegressionAccumulator Reversed(LinearRegressionAccumulator[] parts)
    {
        Array.Reverse(parts);
        return LeftFold(parts);
    }

    private static LinearRegressionAccumulator ThroughBytes(LinearRegressionAccumulator[] parts)
    {
        var copies = Array.ConvertAll(parts, p => LinearRegressionAccumulator.FromBytes(p.ToBytes()));
        return LinearRegressionAccumulator.FromBytes(Tree(copies).ToBytes());
    }

    public static TheoryData<string> Orders => ["left fold", "right fold", "balanced tree", "reversed", "through bytes"];

    private static LinearRegressionAccumulator Merged(string order, LinearRegressionAccumulator[] parts) => order switch
    {
        "left fold" => LeftFold(parts),
        "right fold" => RightFold(parts),
        "balanced tree" => Tree(parts),
        "reversed" => Reversed(parts),
        _ => ThroughBytes(parts),
    };

    /// <summary>
    /// The merged fit against the single in-memory fit (itself checked against statsmodels and NIST in LongleyTests
    /// and CsvFitTests). Both reduce the same rows by Householder QR and differ only in the order of the reflections
    /// and the shifts, i.e. by rounding: a backward error of a few ulps per column, which the condition number of the
    /// centred, scaled design (about 10² on Longley, less on diabetes) amplifies. Measured: at most 9.7e-14 (Longley's
    /// intercept standard error), 5e-14 on diabetes, so 1e-12 leaves a factor of 10 and still fails for any real
    /// error (a wrong shift or a lost row moves these numbers by far more). The single fit has its rows and a merged
    /// one has not: a refinement of the single fit (issue 12, item 1) moves it by less than its own error, which on
    /// these well-conditioned data is below 1e-13.
    /// </summary>
    private static void AssertSameFit(RegressionSummary single, RegressionSummary merged, double rel = 1e-12)
    {
        Assert.Equal(single.Observations, merged.Observations);
        Assert.Equal(single.DfResid, merged.DfResid);
        for (var j = 0; j < single.Parameters.Count; j++)
        {
            Close(single.Parameters[j], merged.Parameters[j], rel, what: $"parameter {j}");
            Close(single.StandardErrors[j], merged.StandardErrors[j], rel, what: $"standard error {j}");
        }
        foreach (var (name, a, b) in (ReadOnlySpan<(string, double, double)>)[
            ("R²", single.RSquared, merged.RSquared), ("adjusted R²", single.AdjustedRSquared, merged.AdjustedRSquared),
            ("F", single.FStatistic, merged.FStatistic), ("llf", single.LogLikelihood, merged.LogLikelihood),
            ("AIC", single.Aic, merged.Aic), ("BIC", single.Bic, merged.Bic), ("SSE", single.SumOfSquaredResiduals, merged.SumOfSquaredResiduals),
            ("SE of regression", single.StandardErrorOfRegression, merged.StandardErrorOfRegression),
            ("condition number", single.ConditionNumber, merged.ConditionNumber)])
            Close(a, b, rel, what: name);
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public void Diabetes_in_uneven_partitions_merges_into_the_single_fit(string order)
    {
        var (x, y, names) = Diabetes();
        var single = Ols.Fit(x, y, names, "target").Summary;
        var merged = Merged(order, Partitions(x, y, [0, 1, 2, 17]));
        Assert.Equal(x.Length, merged.Rows);
        AssertSameFit(single, Ols.Fit(merged, names, "target").Summary);
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public void Longley_in_uneven_partitions_merges_into_the_single_fit(string order)
    {
        // 16 rows: empty, 1, 2, 6 and the remaining 7; the one-row partition's shift is that row itself.
        var (x, y, names) = Longley();
        var single = Ols.Fit(x, y, names, "TOTEMP").Summary;
        var merged = Merged(order, Partitions(x, y, [0, 1, 2, 6]));
        AssertSameFit(single, Ols.Fit(merged, names, "TOTEMP").Summary);
    }

    [Fact]
    public void Partitions_with_far_apart_shifts_merge_into_the_single_fit()
    {
        // Rows sorted by the target and cut in two: the halves' shifts (their first rows' means) differ by about 150 in
        // y and by a standard deviation in the features, so the re-shift of R's row 0 carries the merge. Oracle: the
        // single fit of the same rows, as above.
        var (x, y, _) = Diabetes();
        var order = Enumerable.Range(0, y.Length).OrderBy(i => y[i]).ToArray();
        double[][] xs = [.. order.Select(i => x[i])];
        double[] ys = [.. order.Select(i => y[i])];
        var low = new LinearRegressionAccumulator(x[0].Length);
        var high = new LinearRegressionAccumulator(x[0].Length);
        low.Add(xs[..221], ys[..221]);
        high.Add(xs[221..], ys[221..]);
        Assert.True(high.YShift - low.YShift > 100, $"shifts {low.YShift} and {high.YShift}");
        var before = high.ToBytes();
        low.Merge(high);
        Assert.Equal(before, high.ToBytes()); // the other side keeps its rows
        AssertSameFit(Ols.Fit(xs, ys).Summary, Ols.Fit(low).Summary);
    }

    [Fact]
    public void A_collinear_design_merges_into_the_minimum_norm_fit()
    {
        // x3 = x1 + x2 exactly (small integers): rank 2 of 3. With RankDeficiency.MinimumNorm the single fit's SSE
        // comes from its residual pass and the merged one's from ‖R·v‖² of the same solution. Oracle: the single fit.
        var rng = new Rng(12);
        var x = new double[60][];
        var y = new double[60];
        for (var i = 0; i < x.Length; i++)
        {
            double a = Math.Round(10 * rng.Normal()), b = Math.Round(10 * rng.Normal());
            x[i] = [a, b, a + b];
            y[i] = 1 + 2 * a - b + rng.Normal();
        }
        var estimator = new LinearRegression(new LinearRegressionOptions { RankDeficiency = RankDeficiency.MinimumNorm });
        var single = estimator.Fit(x, y);
        var merged = estimator.Fit(Tree(Partitions(x, y, [0, 1, 2, 17])));
        Assert.Equal(2, merged.Summary.DfModel);
        for (var j = 0; j < 3; j++)
            Close(single.Coefficients[j], merged.Coefficients[j], 1e-12, what: $"coefficient {j}");
        Close(single.Summary.SumOfSquaredResiduals, merged.Summary.SumOfSquaredResiduals, 1e-12, what: "SSE");
        Close(single.Summary.RSquared, merged.Summary.RSquared, 1e-12, what: "R²");
    }

    [Fact]
    public void Without_an_intercept_the_merged_fit_is_the_single_fit()
    {
        var (x, y, _) = Diabetes();
        var o = new LinearRegression(new LinearRegressionOptions { FitIntercept = false });
        var merged = Tree(Partitions(x, y, [0, 1, 2, 17, 100], intercept: false));
        AssertSameFit(o.Fit(x, y).Summary, o.Fit(merged).Summary);
    }

    [Fact]
    public void A_ridge_fit_from_partitions_is_the_single_ridge_fit()
    {
        // Oracle: the in-memory ridge fit, whose standard deviations come from the rows (two passes) where the
        // merged fit reads them from R (‖centred column‖/√n): equal to rounding.
        var (x, y, _) = Diabetes();
        var ridge = new LinearRegression(new LinearRegressionOptions { L2 = 0.05, Standardize = true });
        var single = ridge.Fit(x, y);
        var merged = ridge.Fit(LeftFold(Partitions(x, y, [0, 1, 2, 17])));
        for (var j = 0; j < single.Coefficients.Count; j++)
            Close(single.Coefficients[j], merged.Coefficients[j], 1e-12, what: $"coefficient {j}");
        Close(single.Intercept, merged.Intercept, 1e-12, what: "intercept");
        // A ridge residual is not the least-squares one: SSE = ‖R·v‖² of the returned solution.
        Close(single.Summary.SumOfSquaredResiduals, merged.Summary.SumOfSquaredResiduals, 1e-12, what: "SSE");
        Close(single.Summary.RSquared, merged.Summary.RSquared, 1e-12, what: "R²");
    }

    [Fact]
    public void The_merged_summary_names_durbin_watson_and_mae_as_needing_a_second_pass()
    {
        var (x, y, _) = Longley();
        var s = Ols.Fit(Tree(Partitions(x, y, [3]))).Summary;
        Assert.True(double.IsNaN(s.DurbinWatson));
        Assert.True(double.IsNaN(s.MeanAbsoluteError));
        Assert.Contains("second pass", s.Undefined[nameof(RegressionSummary.DurbinWatson)], StringComparison.Ordinal);
        Assert.Contains("second pass", s.Undefined[nameof(RegressionSummary.MeanAbsoluteError)], StringComparison.Ordinal);
        Assert.Contains("Durbin-Watson:                     nan", s.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Merging_an_accumulator_into_itself_doubles_its_rows()
    {
        // Defined as reading a snapshot first: the fit of every row twice. Oracle: the in-memory fit of x ++ x.
        var (x, y, _) = Diabetes();
        var acc = new LinearRegressionAccumulator(x[0].Length);
        acc.Add(x, y);
        acc.Merge(acc);
        Assert.Equal(2 * x.Length, acc.Rows);
        AssertSameFit(Ols.Fit([.. x, .. x], [.. y, .. y]).Summary, Ols.Fit(acc).Summary);
    }

    [Fact]
    public void Merging_with_an_empty_accumulator_changes_no_bit()
    {
        var (x, y, _) = Longley();
        var acc = new LinearRegressionAccumulator(x[0].Length);
        acc.Add(x, y);
        var before = acc.ToBytes();
        acc.Merge(new LinearRegressionAccumulator(x[0].Length));
        acc.Add([], []);
        Assert.Equal(before, acc.ToBytes());
        var empty = new LinearRegressionAccumulator(x[0].Length);
        empty.Merge(acc);
        Assert.Equal(before, empty.ToBytes());
    }

    [Fact]
    public void The_same_merge_order_gives_the_same_bits()
    {
        var (x, y, _) = Diabetes();
        Assert.Equal(Tree(Partitions(x, y, [0, 1, 2, 17])).ToBytes(), Tree(Partitions(x, y, [0, 1, 2, 17])).ToBytes());
    }

    [Fact]
    public void Accumulators_of_different_shapes_do_not_merge()
    {
        var a = new LinearRegressionAccumulator(3);
        var ex = Assert.Throws<ArgumentException>(() => a.Merge(new LinearRegressionAccumulator(4)));
        Assert.Contains("expected k = 3 feature(s) with an intercept (this accumulator); found k = 4 feature(s) with an intercept", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => a.Merge(new LinearRegressionAccumulator(3, fitIntercept: false)));
        Assert.Contains("found k = 3 feature(s) without an intercept", ex.Message, StringComparison.Ordinal);
        var rows = Assert.Throws<ArgumentException>(() => a.Add([[1.0, 2.0]], [1.0]));
        Assert.Contains("rows of 3 feature(s)", rows.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fit_refuses_options_the_triangle_cannot_serve()
    {
        var (x, y, _) = Longley();
        var acc = new LinearRegressionAccumulator(x[0].Length);
        acc.Add(x, y);
        var intercept = Assert.Throws<ArgumentException>(() => new LinearRegression(new LinearRegressionOptions { FitIntercept = false }).Fit(acc));
        Assert.Contains("FitIntercept = False", intercept.Message, StringComparison.Ordinal);
        foreach (var solver in (LinearSolver[])[LinearSolver.GradientDescent, LinearSolver.StochasticGradientDescent])
        {
            var ex = Assert.Throws<NotSupportedException>(() => new LinearRegression(new LinearRegressionOptions { Solver = solver }).Fit(acc));
            Assert.Contains($"Solver = {solver}", ex.Message, StringComparison.Ordinal);
        }
        Assert.Throws<ArgumentException>(() => Ols.Fit(new LinearRegressionAccumulator(3)));
        var noIntercept = new LinearRegressionAccumulator(x[0].Length, fitIntercept: false);
        noIntercept.Add(x, y);
        Assert.Throws<NotSupportedException>(() =>
            new LinearRegression(new LinearRegressionOptions { FitIntercept = false, L2 = 0.1, Standardize = true }).Fit(noIntercept));
    }

    [Fact]
    public void A_bad_row_adds_nothing()
    {
        var acc = new LinearRegressionAccumulator(2);
        Assert.Throws<ArgumentException>(() => acc.Add([[1, 2], [3, double.NaN]], [1, 2]));
        Assert.Throws<ArgumentException>(() => acc.Add([[1, 2], [3, 4]], [1]));
        Assert.Equal(0, acc.Rows);
    }
}
