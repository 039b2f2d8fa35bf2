using MathNet.Numerics.Distributions;
using MicroGrad.Regression;
using static MicroGrad.Tests.Regression.RegressionTestData;

namespace MicroGrad.Tests.Regression;

public class PredictionIntervalTests
{
    private static LinearRegressionModel Fit(LinearRegressionOptions? options = null) => LongleyExtras.FitLongley(options);

    [Fact]
    public void Intervals_match_statsmodels_get_prediction_on_longley()
    {
        // statsmodels 0.13.5: OLS(...).fit().get_prediction(rows).summary_frame(alpha=0.05) at the extras' five rows.
        var rows = LongleyExtras.Rows("predict_rows");
        var got = Fit().PredictIntervals(rows);
        (string Key, Func<PredictionInterval, double> Value)[] columns =
        [
            ("predict_mean", p => p.Mean), ("predict_mean_se", p => p.MeanStandardError),
            ("predict_mean_ci_lower", p => p.MeanLower), ("predict_mean_ci_upper", p => p.MeanUpper),
            ("predict_obs_ci_lower", p => p.ObservationLower), ("predict_obs_ci_upper", p => p.ObservationUpper),
        ];
        foreach (var (key, value) in columns)
        {
            var expected = LongleyExtras.Vector(key);
            for (var r = 0; r < rows.Length; r++)
                Close(expected[r], value(got[r]), LongleyExtras.Tolerance, what: $"{key}[{r}]");
        }
    }

    [Fact]
    public void Mean_is_predict_bit_for_bit()
    {
        var model = Fit();
        var rows = LongleyExtras.Rows("predict_rows");
        Assert.Equal(model.Predict(rows), model.PredictIntervals(rows).Select(p => p.Mean));
    }

    [Fact]
    public void Half_widths_scale_with_the_t_quantile_of_the_level()
    {
        // Same standard errors, quantile t₀.₉₅(9) instead of t₀.₉₇₅(9) (Longley: df_resid = 9).
        var model = Fit();
        var rows = LongleyExtras.Rows("predict_rows");
        var a = model.PredictIntervals(rows);
        var b = model.PredictIntervals(rows, 0.9);
        var ratio = StudentT.InvCDF(0, 1, 9, 0.95) / StudentT.InvCDF(0, 1, 9, 0.975);
        for (var r = 0; r < rows.Length; r++)
        {
            Assert.Equal(a[r].MeanStandardError, b[r].MeanStandardError);
            Close(ratio * (a[r].MeanUpper - a[r].Mean), b[r].MeanUpper - b[r].Mean, 1e-9, what: $"mean half-width {r}");
            Close(ratio * (a[r].Mean - a[r].ObservationLower), b[r].Mean - b[r].ObservationLower, 1e-9, what: $"obs half-width {r}");
            Assert.True(a[r].ObservationLower < a[r].MeanLower && a[r].MeanUpper < a[r].ObservationUpper);
        }
    }

    [Fact]
    public void At_the_means_the_variance_of_the_mean_is_scale_over_n()
    {
        // Var(ŷ(x̄)) = Var(ȳ) = σ²/n: exact algebra, 1e-12 for the rounding of x̄.
        var (x, y, names) = Longley();
        var model = Fit();
        double[] means = [.. Enumerable.Range(0, x[0].Length).Select(j => x.Average(row => row[j]))];
        var p = model.PredictIntervals([means])[0];
        Close(model.Summary.Scale / y.Length, p.MeanStandardError * p.MeanStandardError, 1e-12, what: "se²");
        Close(y.Average(), p.Mean, 1e-12, what: "ŷ(x̄) = ȳ");
    }

    [Fact]
    public void Robust_intervals_use_the_sandwich_and_the_normal_quantile()
    {
        // Oracle: d̃ᵀ·V·d̃ with statsmodels' raw cov_params() and d̃ = (1, x) (cancels digits on Longley: 1e-6),
        // q = Φ⁻¹(0.975); the observation variance adds the non-robust scale (statsmodels).
        var model = Fit(new LinearRegressionOptions { Covariance = CovarianceType.HC3 });
        var v = model.Summary.CovarianceMatrix();
        var rows = LongleyExtras.Rows("predict_rows");
        var got = model.PredictIntervals(rows);
        var q = Normal.InvCDF(0, 1, 0.975);
        for (var r = 0; r < rows.Length; r++)
        {
            double[] d = [1, .. rows[r]];
            var variance = 0.0;
            for (var i = 0; i < d.Length; i++)
            {
                for (var j = 0; j < d.Length; j++)
                    variance += d[i] * v[i, j] * d[j];
            }
            Close(Math.Sqrt(variance), got[r].MeanStandardError, 1e-6, what: $"robust se {r}");
            Close(q * got[r].MeanStandardError, got[r].MeanUpper - got[r].Mean, 1e-12, what: $"z half-width {r}");
            Close(q * Math.Sqrt(variance + model.Summary.Scale), got[r].ObservationUpper - got[r].Mean, 1e-6, what: $"obs {r}");
        }
    }

    [Fact]
    public void Without_an_intercept_the_covariance_of_beta_alone_is_used()
    {
        // se² = xᵀ·V·x with statsmodels' cov_params() (no centring without a constant).
        var (x, y, names) = Longley();
        var model = new LinearRegression(new LinearRegressionOptions { FitIntercept = false }).Fit(x, y, names);
        var v = model.Summary.CovarianceMatrix();
        var p = model.PredictIntervals([x[0]])[0];
        var variance = 0.0;
        for (var i = 0; i < x[0].Length; i++)
        {
            for (var j = 0; j < x[0].Length; j++)
                variance += x[0][i] * v[i, j] * x[0][j];
        }
        Close(Math.Sqrt(variance), p.MeanStandardError, 1e-9, what: "se");
    }

    [Fact]
    public void A_merged_fit_gives_the_single_fit_s_intervals_and_no_robust_errors()
    {
        // Two uneven partitions merged (LinearRegressionAccumulator, WP-B): the covariance comes from the triangle, so
        // the intervals are the single fit's. The issue holds merged coefficients to 1e-12; ŷ = b + x·β on Longley
        // cancels about two digits (|b| ≈ 3.5e6 against ŷ ≈ 6e4), hence 1e-10 here.
        var (x, y, names) = Longley();
        var accumulator = new LinearRegressionAccumulator(x[0].Length);
        var other = new LinearRegressionAccumulator(x[0].Length);
        accumulator.Add(x[..5], y[..5]);
        other.Add(x[5..], y[5..]);
        accumulator.Merge(other);
        var rows = LongleyExtras.Rows("predict_rows");
        var single = Fit().PredictIntervals(rows);
        var merged = new LinearRegression(new LinearRegressionOptions()).Fit(accumulator).PredictIntervals(rows);
        for (var r = 0; r < rows.Length; r++)
        {
            Close(single[r].Mean, merged[r].Mean, 1e-10, what: $"mean[{r}]");
            Close(single[r].MeanStandardError, merged[r].MeanStandardError, 1e-10, what: $"se[{r}]");
            Close(single[r].ObservationLower, merged[r].ObservationLower, 1e-10, what: $"obs_lower[{r}]");
        }
        // Robust errors need the residual of every row: a merged fit has only the triangle.
        var robust = new LinearRegression(new LinearRegressionOptions { Covariance = CovarianceType.HC3 }).Fit(accumulator);
        Assert.All(robust.Summary.StandardErrors, se => Assert.True(double.IsNaN(se)));
        Assert.Contains("needs a second pass over the rows", robust.Summary.Undefined[nameof(RegressionSummary.StandardErrors)], StringComparison.Ordinal);
        var e = Assert.Throws<InvalidOperationException>(() => robust.PredictIntervals(rows));
        Assert.Contains("needs a second pass over the rows", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void A_level_outside_0_1_is_refused(double level)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Fit().PredictIntervals(LongleyExtras.Rows("predict_rows"), level));
        Assert.Equal("level", e.ParamName);
    }

    [Fact]
    public void Ridge_has_no_intervals()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            Fit(new LinearRegressionOptions { L2 = 0.1 }).PredictIntervals(LongleyExtras.Rows("predict_rows")));
        Assert.Contains("ridge", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_residual_degrees_of_freedom_give_nan_intervals()
    {
        // Two points, a line through both: df_resid = 0, as statsmodels gives NaN.
        var model = new LinearRegression(new LinearRegressionOptions()).Fit([[0.0], [1.0]], [1.0, 3.0]);
        var p = model.PredictIntervals([[0.5]])[0];
        Assert.Equal(2.0, p.Mean);
        Assert.True(double.IsNaN(p.MeanLower) && double.IsNaN(p.ObservationUpper));
    }

    [Fact]
    public void Wrong_width_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => Fit().PredictIntervals([[1.0, 2.0]]));
    }
}
