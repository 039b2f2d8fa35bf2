namespace MicroGrad.Regression;

/// <summary>
/// The prediction at one row with its intervals, as statsmodels' <c>get_prediction(x).summary_frame(alpha)</c>:
/// the confidence interval of the mean response (<c>mean_ci_lower</c>, <c>mean_ci_upper</c>) and the prediction
/// interval of a new observation (<c>obs_ci_lower</c>, <c>obs_ci_upper</c>).
/// </summary>
/// <param name="Mean">ŷ = b + x·β.</param>
/// <param name="MeanStandardError">√(x̃ᵀ·V·x̃), the standard error of ŷ as an estimate of the mean response, V the
/// covariance of the parameters and x̃ = (1, x).</param>
/// <param name="MeanLower">ŷ − q·<paramref name="MeanStandardError"/>, q the quantile of the level.</param>
/// <param name="MeanUpper">ŷ + q·<paramref name="MeanStandardError"/>.</param>
/// <param name="ObservationLower">ŷ − q·√(MeanStandardError² + scale).</param>
/// <param name="ObservationUpper">ŷ + q·√(MeanStandardError² + scale).</param>
public readonly record struct PredictionInterval(double Mean, double MeanStandardError, double MeanLower, double MeanUpper,
    double ObservationLower, double ObservationUpper);
