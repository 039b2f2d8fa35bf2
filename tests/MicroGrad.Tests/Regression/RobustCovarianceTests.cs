using System.Text.Json;
using MathNet.Numerics.Distributions;
using MicroGrad.Regression;
using static MicroGrad.Tests.Regression.RegressionTestData;

namespace MicroGrad.Tests.Regression;

/// <summary>
/// statsmodels 0.13.5 on Longley (TestData/statsmodels_longley_extras.json): HC0–HC3 standard errors, prediction
/// intervals at five rows and WLS. statsmodels keeps about 10 digits on Longley (exact rational arithmetic on the same
/// doubles agrees with the file to 2.3e-9 for HC3, 2.5e-9 for the mean's standard error), so 1e-6 relative is the
/// comparison the issue asks for with room to spare.
/// </summary>
internal static class LongleyExtras
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(TestData.PathOf("statsmodels_longley_extras.json"))).RootElement);

    public static double[] Vector(string key) => [.. Root.Value.GetProperty(key).EnumerateArray().Select(e => e.GetDouble())];

    public static double Number(string key) => Root.Value.GetProperty(key).GetDouble();

    /// <summary>The parameter names, const first.</summary>
    public static string[] Names() => [.. Root.Value.GetProperty("columns").EnumerateArray().Select(e => e.GetString()!)];

    public static double[][] Rows(string key) => [.. Root.Value.GetProperty(key).EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray())];

    /// <summary>The extras' WLS weights: wᵢ = 1/(1 + (i mod 5)), i from 0.</summary>
    public static double[] WlsWeights(int n) => [.. Enumerable.Range(0, n).Select(i => 1.0 / (1 + i % 5))];

    /// <summary>Longley's TOTEMP on its six features, in memory.</summary>
    public static LinearRegressionModel FitLongley(LinearRegressionOptions? options = null)
    {
        var (x, y, names) = Longley();
        return new LinearRegression(options ?? new LinearRegressionOptions()).Fit(x, y, names, "TOTEMP");
    }

    /// <summary>The oracle's tolerance (see the class summary).</summary>
    public const double Tolerance = 1e-6;
}

public class RobustCovarianceTests
{
    private static LinearRegressionModel Fit(CovarianceType type) =>
        LongleyExtras.FitLongley(new LinearRegressionOptions { Covariance = type });

    [Theory]
    [InlineData(CovarianceType.HC0)]
    [InlineData(CovarianceType.HC1)]
    [InlineData(CovarianceType.HC2)]
    [InlineData(CovarianceType.HC3)]
    public void Standard_errors_match_statsmodels_on_longley(CovarianceType type)
    {
        var s = Fit(type).Summary;
        var expected = LongleyExtras.Vector(type + "_bse"); // statsmodels 0.13.5, OLS(...).fit(cov_type=type).bse
        Assert.Equal(type, s.CovarianceType);
        for (var j = 0; j < expected.Length; j++)
            Close(expected[j], s.StandardErrors[j], LongleyExtras.Tolerance, what: $"{type} bse[{j}]");
        Assert.Empty(s.Undefined);
    }

    [Theory]
    [InlineData(CovarianceType.HC0)]
    [InlineData(CovarianceType.HC3)]
    public void Z_p_values_and_intervals_follow_the_normal_distribution(CovarianceType type)
    {
        // statsmodels' use_t=False default for robust covariances: z = β/SE, p = 2·Φ(−|z|), β ± Φ⁻¹(0.975)·SE.
        var s = Fit(type).Summary;
        var q = Normal.InvCDF(0, 1, 0.975);
        for (var j = 0; j < s.Parameters.Count; j++)
        {
            var z = s.Parameters[j] / s.StandardErrors[j];
            Assert.Equal(z, s.TValues[j]);
            Close(2 * Normal.CDF(0, 1, -Math.Abs(z)), s.PValues[j], 1e-9, what: $"p[{j}]");
            Close(s.Parameters[j] - q * s.StandardErrors[j], s.ConfidenceIntervals[j].Lower, 1e-15, 1e-9, what: $"lower[{j}]");
            Close(s.Parameters[j] + q * s.StandardErrors[j], s.ConfidenceIntervals[j].Upper, 1e-15, 1e-9, what: $"upper[{j}]");
        }
    }

    [Fact]
    public void Hc1_is_hc0_times_the_root_of_n_over_df_resid()
    {
        // HC1 = n/(n − p)·HC0 (MacKinnon and White 1985): Longley n = 16, p = 7.
        var hc0 = Fit(CovarianceType.HC0).Summary.StandardErrors;
        var hc1 = Fit(CovarianceType.HC1).Summary.StandardErrors;
        for (var j = 0; j < hc0.Count; j++)
            Close(Math.Sqrt(16.0 / 9) * hc0[j], hc1[j], 1e-14, what: $"HC1[{j}]");
    }

    [Fact]
    public void Robust_f_is_the_wald_test_of_the_slopes()
    {
        // Oracle: F = βᵀV⁻¹β/6 over the slope block of cov_params(), V inverted here by Gauss–Jordan (another method
        // than the library's Cholesky); p from F(6, 9). statsmodels' fvalue does this for cov_type != 'nonrobust'.
        var s = Fit(CovarianceType.HC3).Summary;
        var v = s.CovarianceMatrix();
        const int k = 6;
        var slopes = new double[k, k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
                slopes[i, j] = v[i + 1, j + 1];
        }
        var inverse = Inverse(slopes);
        var wald = 0.0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
                wald += s.Parameters[i + 1] * inverse[i, j] * s.Parameters[j + 1];
        }
        Close(wald / k, s.FStatistic, 1e-8, what: "F");
        Close(1 - FisherSnedecor.CDF(k, 9, wald / k), s.FPValue, 1e-6, 1e-300, what: "Prob(F)");
        // The non-robust F differs (330.3 on Longley): the robust one is not the R²-based statistic.
        Assert.NotEqual(Fit(CovarianceType.NonRobust).Summary.FStatistic, s.FStatistic, 3);
    }

    [Fact]
    public void Hc0_on_diabetes_is_the_textbook_sandwich_across_row_blocks()
    {
        // Oracle: White's V = (XᵀX)⁻¹·Xᵀdiag(eᵢ²)X·(XᵀX)⁻¹ formed plainly here (X = [1 | features], Gauss–Jordan), on the
        // 442 diabetes rows, more than one of the observer's row blocks. Diabetes is well conditioned (κ ≈ 1e2 after
        // its scaling), so the normal equations keep about 12 digits: 1e-9.
        var (x, y, names) = Diabetes();
        var s = new LinearRegression(new LinearRegressionOptions { Covariance = CovarianceType.HC0 }).Fit(x, y, names).Summary;
        var p = x[0].Length + 1;
        var xtx = new double[p, p];
        var meat = new double[p, p];
        for (var i = 0; i < x.Length; i++)
        {
            double[] row = [1, .. x[i]];
            var e = y[i] - s.Parameters.Select((b, j) => b * row[j]).Sum();
            for (var a = 0; a < p; a++)
            {
                for (var b = 0; b < p; b++)
                {
                    xtx[a, b] += row[a] * row[b];
                    meat[a, b] += e * e * row[a] * row[b];
                }
            }
        }
        var inverse = Inverse(xtx);
        for (var j = 0; j < p; j++)
        {
            var v = 0.0;
            for (var a = 0; a < p; a++)
            {
                for (var b = 0; b < p; b++)
                    v += inverse[j, a] * meat[a, b] * inverse[b, j];
            }
            Close(Math.Sqrt(v), s.StandardErrors[j], 1e-9, what: $"HC0[{j}]");
        }
    }

    /// <summary>Gauss–Jordan with partial pivoting (a test oracle, independent of the library's QR).</summary>
    private static double[,] Inverse(double[,] m)
    {
        var n = m.GetLength(0);
        var a = new double[n, 2 * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
                a[i, j] = m[i, j];
            a[i, n + i] = 1;
        }
        for (var c = 0; c < n; c++)
        {
            var best = c;
            for (var r = c + 1; r < n; r++)
            {
                if (Math.Abs(a[r, c]) > Math.Abs(a[best, c]))
                    best = r;
            }
            for (var j = 0; j < 2 * n; j++)
                (a[c, j], a[best, j]) = (a[best, j], a[c, j]);
            var pivot = a[c, c];
            for (var j = 0; j < 2 * n; j++)
                a[c, j] /= pivot;
            for (var r = 0; r < n; r++)
            {
                if (r == c)
                    continue;
                var f = a[r, c];
                for (var j = 0; j < 2 * n; j++)
                    a[r, j] -= f * a[c, j];
            }
        }
        var result = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
                result[i, j] = a[i, n + j];
        }
        return result;
    }

    [Fact]
    public void Non_robust_summary_keeps_t_and_its_covariance_matrix_matches_the_standard_errors()
    {
        var s = Fit(CovarianceType.NonRobust).Summary;
        Assert.Equal(CovarianceType.NonRobust, s.CovarianceType);
        var v = s.CovarianceMatrix();
        for (var j = 0; j < s.Parameters.Count; j++)
        {
            Close(s.StandardErrors[j], Math.Sqrt(v[j, j]), 1e-12, what: $"√V[{j},{j}]");
            for (var i = 0; i < j; i++)
                Assert.Equal(v[i, j], v[j, i]);
        }
        Assert.DoesNotContain("Covariance Type", s.ToString(), StringComparison.Ordinal);
        Assert.Contains("P>|t|", s.ToString(), StringComparison.Ordinal);
        Assert.Equal("nonrobust", JsonDocument.Parse(s.ToJson()).RootElement.GetProperty("cov_type").GetString());
    }

    [Fact]
    public void Robust_table_says_z_and_names_the_covariance()
    {
        var s = Fit(CovarianceType.HC3).Summary;
        var table = s.ToString();
        Assert.Matches(@"Covariance Type:\s+HC3", table);
        Assert.Contains("P>|z|", table, StringComparison.Ordinal);
        Assert.DoesNotContain("P>|t|", table, StringComparison.Ordinal);
        Assert.Equal("HC3", JsonDocument.Parse(s.ToJson()).RootElement.GetProperty("cov_type").GetString());
    }

    [Fact]
    public void Gradient_descent_residuals_give_the_same_sandwich_near_the_optimum()
    {
        // The sandwich is built from the fit's own residuals: GD stopped near the QR solution gives nearly the same.
        var (x, y, names) = RegressionTestData.Diabetes();
        var qr = new LinearRegression(new LinearRegressionOptions { Covariance = CovarianceType.HC1 }).Fit(x, y, names);
        var gd = new LinearRegression(new LinearRegressionOptions
        {
            Covariance = CovarianceType.HC1, Solver = LinearSolver.GradientDescent, Standardize = true, LearningRate = 0.1,
            MaxIterations = 20000, Tolerance = 0,
        }).Fit(x, y, names);
        for (var j = 0; j < qr.Summary.StandardErrors.Count; j++)
            Close(qr.Summary.StandardErrors[j], gd.Summary.StandardErrors[j], 1e-3, what: $"HC1[{j}]");
    }

    [Theory]
    [InlineData(CovarianceType.HC2)]
    [InlineData(CovarianceType.HC3)]
    public void A_row_of_leverage_one_makes_hc2_and_hc3_undefined(CovarianceType type)
    {
        // A dummy that is 1 on row 3 only: the fit passes through row 3 (h₃ = 1 exactly), HC2/HC3 divide by 1 − h₃.
        double[][] x = [.. Enumerable.Range(0, 10).Select(i => new[] { i * 1.5 + (i % 3), i == 3 ? 1.0 : 0.0 })];
        double[] y = [.. Enumerable.Range(0, 10).Select(i => 2 + 0.5 * i + (i % 4) * 0.3)];
        var s = new LinearRegression(new LinearRegressionOptions { Covariance = type }).Fit(x, y).Summary;
        Assert.All(s.StandardErrors, se => Assert.True(double.IsNaN(se)));
        Assert.Contains("row 3 has leverage", s.Undefined[nameof(RegressionSummary.StandardErrors)], StringComparison.Ordinal);
        Assert.True(double.IsNaN(s.FStatistic));
        Assert.True(s.Undefined.ContainsKey(nameof(RegressionSummary.FStatistic)));
        // HC0 does not divide by 1 − h: defined.
        var hc0 = new LinearRegression(new LinearRegressionOptions { Covariance = CovarianceType.HC0 }).Fit(x, y).Summary;
        Assert.All(hc0.StandardErrors, se => Assert.True(double.IsFinite(se)));
    }

    [Fact]
    public void Ridge_has_no_robust_covariance_either()
    {
        var (x, y, names) = Longley();
        var s = new LinearRegression(new LinearRegressionOptions { Covariance = CovarianceType.HC0, L2 = 0.1 }).Fit(x, y, names).Summary;
        Assert.All(s.StandardErrors, se => Assert.True(double.IsNaN(se)));
        Assert.Contains("ridge", s.Undefined[nameof(RegressionSummary.StandardErrors)], StringComparison.Ordinal);
    }

    [Fact]
    public void A_minimum_norm_fit_has_no_robust_covariance_and_no_intervals()
    {
        // x2 = 2·x1: rank 1 of 2; the minimum-norm solution has no unique covariance.
        double[][] x = [.. Enumerable.Range(0, 8).Select(i => new[] { i * 1.0, i * 2.0 })];
        double[] y = [.. Enumerable.Range(0, 8).Select(i => 1 + i + (i % 3) * 0.5)];
        var model = new LinearRegression(new LinearRegressionOptions { Covariance = CovarianceType.HC1, RankDeficiency = RankDeficiency.MinimumNorm }).Fit(x, y);
        Assert.All(model.Summary.StandardErrors, se => Assert.True(double.IsNaN(se)));
        Assert.Contains("rank-deficient", model.Summary.Undefined[nameof(RegressionSummary.StandardErrors)], StringComparison.Ordinal);
        var e = Assert.Throws<InvalidOperationException>(() => model.PredictIntervals([[1.0, 2.0]]));
        Assert.Contains("rank-deficient", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Streamed_fit_gives_the_in_memory_sandwich()
    {
        // The streaming pass feeds the same observer as the in-memory one.
        var options = new LinearRegressionOptions { Covariance = CovarianceType.HC3, Streaming = StreamingMode.Always };
        var streamed = new LinearRegression(options).FitCsv(TestData.PathOf("longley.csv"), "TOTEMP").Summary;
        var memory = Fit(CovarianceType.HC3).Summary;
        for (var j = 0; j < memory.StandardErrors.Count; j++)
            Close(memory.StandardErrors[j], streamed.StandardErrors[j], 1e-9, what: $"HC3[{j}]");
    }

    [Fact]
    public void Weighted_robust_errors_are_those_of_the_whitened_regression()
    {
        // statsmodels' WLS(...).fit(cov_type='HC0') works on wexog = √w·[1, X] and wresid = √w·e: the same as OLS
        // without an intercept on the whitened columns (exact identity; 1e-8 for the two solution paths on Longley).
        var (x, y, names) = Longley();
        var w = LongleyExtras.WlsWeights(y.Length);
        var weighted = new LinearRegression(new LinearRegressionOptions { Covariance = CovarianceType.HC0 }).FitWeighted(x, y, w).Summary;
        double[][] wx = [.. x.Select((row, i) => new[] { Math.Sqrt(w[i]) }.Concat(row.Select(v => Math.Sqrt(w[i]) * v)).ToArray())];
        double[] wy = [.. y.Select((v, i) => Math.Sqrt(w[i]) * v)];
        var whitened = new LinearRegression(new LinearRegressionOptions { Covariance = CovarianceType.HC0, FitIntercept = false }).Fit(wx, wy).Summary;
        for (var j = 0; j < whitened.StandardErrors.Count; j++)
            Close(whitened.StandardErrors[j], weighted.StandardErrors[j], 1e-8, what: $"WLS HC0[{j}]");
    }
}
