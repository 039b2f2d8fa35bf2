namespace MicroGrad.Regression;

/// <summary>
/// The covariance of the coefficients behind the summary's standard errors, t (or z), p values and intervals
/// (statsmodels' <c>cov_type</c>). With V₀ = (XᵀX)⁻¹ and residuals eᵢ, the heteroscedasticity-consistent (HC)
/// estimators are the sandwich V₀·(Σ ωᵢ xᵢxᵢᵀ)·V₀ (White 1980; MacKinnon and White 1985) with the leverages
/// hᵢ = xᵢᵀV₀xᵢ.
/// </summary>
public enum CovarianceType
{
    /// <summary>scale·(XᵀX)⁻¹ with scale = SSE/df_resid; t statistics with df_resid degrees of freedom.</summary>
    NonRobust,

    /// <summary>White's estimator: ωᵢ = eᵢ².</summary>
    HC0,

    /// <summary>ωᵢ = n/(n − p)·eᵢ² (HC0 with a degrees-of-freedom correction).</summary>
    HC1,

    /// <summary>ωᵢ = eᵢ²/(1 − hᵢ).</summary>
    HC2,

    /// <summary>ωᵢ = eᵢ²/(1 − hᵢ)² (close to the jackknife).</summary>
    HC3,
}
