using MicroGrad.Regression;
using static MicroGrad.Tests.Regression.RegressionTestData;

namespace MicroGrad.Tests.Regression;

public class WeightedTests
{
    private static LinearRegression Estimator() => new(new LinearRegressionOptions());

    /// <summary>wᵢ = 1/(1 + (i mod 5)), i from 0: the weights of statsmodels_longley_extras.json (its wls_weights).</summary>
    private static double[] ExtrasWeights(int n)
    {
        var w = new double[n];
        for (var i = 0; i < n; i++)
            w[i] = 1.0 / (1 + i % 5);
        return w;
    }

    [Fact]
    public void Longley_matches_statsmodels_wls()
    {
        // Oracle: TestData/statsmodels_longley_extras.json, statsmodels WLS(y, X, weights).fit() on Longley. statsmodels
        // keeps only about 10 digits on Longley (κ ≈ 5·10⁹), so 1e-6 as the issue says; exact rational arithmetic on
        // the same doubles agrees with these figures to 1.3e-12 (PLAN12 §4).
        var e = TestData.Json("statsmodels_longley_extras.json");
        var (x, y, names) = Longley();
        var s = Estimator().FitWeighted(x, y, ExtrasWeights(y.Length), names, "TOTEMP").Summary;
        for (var j = 0; j < s.Parameters.Count; j++)
        {
            Close(e.GetProperty("wls_params")[j].GetDouble(), s.Parameters[j], 1e-6, what: $"wls_params[{j}]");
            Close(e.GetProperty("wls_bse")[j].GetDouble(), s.StandardErrors[j], 1e-6, what: $"wls_bse[{j}]");
        }
        Close(e.GetProperty("wls_rsquared").GetDouble(), s.RSquared, 1e-6, what: "wls_rsquared");
        Close(e.GetProperty("wls_scale").GetDouble(), s.Scale, 1e-6, what: "wls_scale");
        Assert.Equal(y.Length, s.Observations);
        Assert.Equal(y.Length - 7, s.DfResid);
    }

    [Fact]
    public void Unit_weights_give_the_unweighted_fit_bit_for_bit()
    {
        // √1 = 1 and w·e = e exactly: the same triangle, the same double-double sums.
        var (x, y, names) = Longley();
        var ones = new double[y.Length];
        ones.AsSpan().Fill(1.0);
        var weighted = Estimator().FitWeighted(x, y, ones, names).Summary;
        var plain = Estimator().Fit(x, y, names).Summary;
        Assert.Equal(plain.Parameters, weighted.Parameters);
        Assert.Equal(plain.StandardErrors, weighted.StandardErrors);
        Assert.Equal(plain.RSquared, weighted.RSquared);
        Assert.Equal(plain.Scale, weighted.Scale);
        Assert.Equal(plain.LogLikelihood, weighted.LogLikelihood);
        Assert.Equal(plain.DurbinWatson, weighted.DurbinWatson);
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(1e-3)]
    public void Scaling_every_weight_keeps_the_estimates_and_scales_the_scale(double c)
    {
        // WLS is invariant to a common factor of the weights except for σ² = Σwe²/(n − p), which scales by c.
        // Tolerance: both fits are refined to the last digits of Longley's doubles (κ̃ ≈ 10²), so 1e-12 leaves
        // three orders of magnitude for the rounding of c·w.
        var (x, y, names) = Longley();
        var w = ExtrasWeights(y.Length);
        var scaled = new double[w.Length];
        for (var i = 0; i < w.Length; i++)
            scaled[i] = c * w[i];
        var a = Estimator().FitWeighted(x, y, w, names).Summary;
        var b = Estimator().FitWeighted(x, y, scaled, names).Summary;
        for (var j = 0; j < a.Parameters.Count; j++)
        {
            Close(a.Parameters[j], b.Parameters[j], 1e-12, what: $"params[{j}]");
            Close(a.StandardErrors[j], b.StandardErrors[j], 1e-12, what: $"bse[{j}]");
        }
        Close(a.RSquared, b.RSquared, 1e-12, what: "rsquared");
        Close(c * a.Scale, b.Scale, 1e-12, what: "scale");
    }

    [Fact]
    public void Scaling_every_weight_keeps_the_standard_errors_of_a_minimum_norm_fit()
    {
        // WLS invariance, as above, for a rank-deficient design (x3 = x1 + x2) solved by minimum norm: the intercept's
        // variance has 1/Σw, not 1/n (found by the review of issue 12: 0.0556 became 0.540 with every weight 100).
        var rng = new Random(12);
        var n = 40;
        var x = new double[n][];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var (a, b) = (rng.NextDouble(), rng.NextDouble());
            x[i] = [a, b, a + b];
            y[i] = 1 + 2 * a - b + 0.1 * rng.NextDouble();
        }
        var ones = new double[n];
        Array.Fill(ones, 1.0);
        var hundreds = new double[n];
        Array.Fill(hundreds, 100.0);
        var options = new LinearRegressionOptions { RankDeficiency = RankDeficiency.MinimumNorm };
        var s1 = new LinearRegression(options).FitWeighted(x, y, ones).Summary;
        var s100 = new LinearRegression(options).FitWeighted(x, y, hundreds).Summary;
        for (var j = 0; j < s1.Parameters.Count; j++)
            Close(s1.StandardErrors[j], s100.StandardErrors[j], 1e-12, what: $"bse[{j}]");
    }

    [Fact]
    public void Integer_weights_equal_duplicated_rows()
    {
        // Weight m on a row is m copies of it: the same normal equations, so the same estimates (exact in real
        // arithmetic; 1e-12 for two different roundings of a κ ≈ 10² problem). Seeded data.
        var rng = new Random(12);
        const int n = 40, k = 3;
        var x = new double[n][];
        var y = new double[n];
        var w = new double[n];
        var dx = new List<double[]>();
        var dy = new List<double>();
        for (var i = 0; i < n; i++)
        {
            x[i] = [rng.NextDouble() * 10, rng.NextDouble() - 0.5, rng.NextDouble() * 100];
            y[i] = 1 + 2 * x[i][0] - 3 * x[i][1] + 0.1 * x[i][2] + rng.NextDouble();
            w[i] = 1 + rng.Next(4);
            for (var m = 0; m < w[i]; m++)
            {
                dx.Add(x[i]);
                dy.Add(y[i]);
            }
        }
        var weighted = Estimator().FitWeighted(x, y, w).Summary;
        var duplicated = Estimator().Fit([.. dx], [.. dy]).Summary;
        for (var j = 0; j <= k; j++)
            Close(duplicated.Parameters[j], weighted.Parameters[j], 1e-12, what: $"params[{j}]");
        // The residual sums of squares agree too (Σwe² over the rows = Σe² over the copies).
        Close(duplicated.SumOfSquaredResiduals, weighted.SumOfSquaredResiduals, 1e-12, what: "ssr");
    }

    [Theory]
    [InlineData(0.0, "0.0")]
    [InlineData(-1.0, "-1.0")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    public void A_weight_that_is_not_positive_and_finite_is_named_by_its_row(double bad, string shown)
    {
        var (x, y, _) = Longley();
        var w = ExtrasWeights(y.Length);
        w[3] = bad;
        var ex = Assert.Throws<ArgumentException>(() => Estimator().FitWeighted(x, y, w));
        Assert.Equal("weights", ex.ParamName);
        Assert.StartsWith($"weights[3] = {shown}: expected a positive finite weight", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_few_weights_is_a_length_mismatch()
    {
        var (x, y, _) = Longley();
        var ex = Assert.Throws<ArgumentException>(() => Estimator().FitWeighted(x, y, new double[y.Length - 1]));
        Assert.Equal("weights", ex.ParamName);
        Assert.Contains("one weight per row of x", ex.Message, StringComparison.Ordinal);
    }
}

public class ResidualObserverTests
{
    private sealed class Recorder : IResidualObserver
    {
        public List<(double[] X, double Residual, double Weight)> Rows { get; } = [];

        public void Observe(ReadOnlySpan<double> x, double residual, double weight) => Rows.Add((x.ToArray(), residual, weight));
    }

    [Fact]
    public void The_residual_pass_tells_its_observer_every_row_with_its_residual_and_weight()
    {
        // eᵢ = yᵢ − b − xᵢ·β by hand (exact in binary here), wᵢ as given, in row order.
        double[][] x = [[1, 2], [3, 4], [5, 7]];
        double[] y = [10, 20, 31];
        double[] w = [1, 0.5, 2];
        var recorder = new Recorder();
        var pass = new ResidualAccumulator(1, [2, 1], hasIntercept: true, yMean: 20) { Observer = recorder };
        pass.Add(x, y, w);
        Assert.Equal(3, recorder.Rows.Count);
        Assert.Equal([5.0, 9.0, 13.0], recorder.Rows.Select(r => r.Residual));
        Assert.Equal(w, recorder.Rows.Select(r => r.Weight));
        Assert.Equal([5.0, 7.0], recorder.Rows[2].X);
        // SSE = Σwe² = 25 + 40.5 + 338; TSS around the fit's mean 20 with weights: Σwd² − (Σwd)²/Σw, d = (−10, 0, 11).
        Assert.Equal(403.5, pass.SumSquares);
        Assert.Equal(342 - 12.0 * 12.0 / 3.5, pass.TotalSumSquares, 1e-12);
    }
}
