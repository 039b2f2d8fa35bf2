using MathNet.Numerics.Distributions;

namespace MicroGrad.Regression;

/// <summary>
/// What a linear model keeps for inference on new rows (and what a model file stores): the feature means x̄ (zeros
/// without an intercept), the covariance of (a, β) where a = ŷ(x̄) = b + x̄·β (of β alone without an intercept), the
/// covariance of (b, β) (statsmodels' <c>cov_params()</c>), scale, df_resid and the covariance type. p×p row-major.
/// </summary>
internal sealed record LinearInference(
    CovarianceType CovarianceType,
    double[] FeatureMeans,
    double[] PredictionCovariance,
    double[] Covariance,
    double Scale,
    int DfResid,
    long Observations,
    int DfModel,
    bool Weighted)
{
    public bool Robust => CovarianceType != CovarianceType.NonRobust;
}

public sealed partial class LinearRegressionModel
{
    /// <summary>What the intervals need, or null with <see cref="NoInferenceReason"/> saying why.</summary>
    internal LinearInference? Inference { get; }

    private readonly string? _noInference;

    /// <summary>Why <see cref="Inference"/> is null.</summary>
    internal string? NoInferenceReason => _noInference;

    /// <summary>The options of the fit (null for a model built otherwise), for the model file.</summary>
    internal LinearRegressionOptions? FitOptions { get; init; }

    /// <summary>Whether the fit was weighted, for the model file (also when it has no covariance).</summary>
    internal bool Weighted { get; init; }

    /// <summary>
    /// The prediction at each row of <paramref name="x"/> with the confidence interval of the mean response and the
    /// prediction interval of a new observation, as statsmodels' <c>get_prediction(x).summary_frame(1 − level)</c>
    /// (<c>regression/_prediction.py</c>).
    /// </summary>
    /// <remarks>
    /// With d = (1, x − x̄) (x without an intercept) and Vc the covariance of (a, β), a = ŷ(x̄): the mean's standard
    /// error is √(dᵀ·Vc·d) (the centred form of statsmodels' x̃ᵀVx̃, which would cancel about 7 digits on Longley), the
    /// new observation's √(dᵀVc·d + scale). The quantile q is Student's t with df_resid degrees of freedom, or the
    /// normal one under a robust <see cref="LinearRegressionOptions.Covariance"/> (statsmodels' <c>use_t=False</c>
    /// default for robust fits), whose Vc is the sandwich; the observation's variance still adds the non-robust scale,
    /// as statsmodels does. For a weighted fit the new rows have weight 1 (statsmodels' default: the observation's
    /// variance is scale, not scale/w). With df_resid = 0 every interval is NaN (no residual variance), as in
    /// statsmodels. <see cref="PredictionInterval.Mean"/> equals <see cref="Predict(double[][])"/> bit for bit.
    /// </remarks>
    /// <param name="x">The rows, one value per feature each.</param>
    /// <param name="level">The confidence level, in (0, 1): 0.95 gives statsmodels' alpha = 0.05.</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty, ragged, or of the wrong width.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not strictly between 0 and 1.</exception>
    /// <exception cref="InvalidOperationException">The model has no covariance: a ridge fit (L2 &gt; 0), a
    /// rank-deficient (minimum-norm) fit, or a robust covariance that is undefined (a merged fit without a second pass
    /// over the rows, a row of leverage 1 for HC2/HC3); the message says which.</exception>
    public PredictionInterval[] PredictIntervals(double[][] x, double level = 0.95)
    {
        if (!(level > 0 && level < 1))
            MicroGradThrow.ArgumentOutOfRange_Level(nameof(level), level);
        var mean = Predict(x);
        if (Inference is not { } inference)
        {
            MicroGradThrow.InvalidOperation_NoIntervals(_noInference ?? "no covariance");
            return [];
        }
        var tail = 0.5 + level / 2;
        var q = inference.Robust ? Normal.InvCDF(0, 1, tail)
            : inference.DfResid > 0 ? StudentT.InvCDF(0, 1, inference.DfResid, tail)
            : double.NaN;
        var k = _coefficients.Length;
        var centred = inference.PredictionCovariance.Length != k * k;
        var p = k + (centred ? 1 : 0);
        var d = new double[p];
        var result = new PredictionInterval[x.Length];
        for (var r = 0; r < x.Length; r++)
        {
            if (centred)
                d[0] = 1.0;
            for (var j = 0; j < k; j++)
                d[p - k + j] = x[r][j] - inference.FeatureMeans[j];
            var variance = QuadraticForm(inference.PredictionCovariance, d);
            var se = Math.Sqrt(variance);
            var seObs = Math.Sqrt(variance + inference.Scale);
            var m = mean[r];
            result[r] = new PredictionInterval(m, se, m - q * se, m + q * se, m - q * seObs, m + q * seObs);
        }
        return result;
    }

    /// <summary>dᵀ·V·d for a p×p row-major V.</summary>
    private static double QuadraticForm(double[] v, double[] d)
    {
        var p = d.Length;
        var s = 0.0;
        for (var i = 0; i < p; i++)
            s += d[i] * LeastSquares.Dot(v.AsSpan(i * p, p), d);
        return s;
    }
}
