namespace MicroGrad.Regression;

/// <summary>A 95% (or other level) confidence interval of one parameter.</summary>
/// <param name="Lower">The lower bound.</param>
/// <param name="Upper">The upper bound.</param>
public readonly record struct ConfidenceInterval(double Lower, double Upper);

/// <summary>
/// What statsmodels' OLS <c>summary()</c> reports, with statsmodels' definitions. Arrays hold the intercept first
/// (named <c>const</c>, when fitted) and then the features in <see cref="LinearRegressionModel.Coefficients"/> order.
/// With n observations, p = <see cref="DfModel"/> + (1 with an intercept) parameters, SSE = Σeᵢ²:
/// scale = SSE/<see cref="DfResid"/>, SE = √(scale·diag((XᵀX)⁻¹)), t = β/SE, two-sided p from Student's t with
/// <see cref="DfResid"/> degrees of freedom.
/// </summary>
/// <remarks>A statistic that cannot be computed (no residual degrees of freedom, a constant target, a ridge
/// penalty, …) is NaN and is named in <see cref="Undefined"/> with the reason; <see cref="ToString"/> and
/// <see cref="ToJson"/> list them too.</remarks>
public sealed partial class RegressionSummary
{
    /// <summary>True for weighted least squares (<see cref="LinearRegression.FitWeighted(double[][], double[], double[])"/>): the summary is then
    /// statsmodels' WLS one ("WLS Regression Results", Model: WLS); false for OLS.</summary>
    public bool Weighted { get; init; }

    /// <summary>n, the number of observations.</summary>
    public int Observations { get; init; }

    /// <summary>Model degrees of freedom: the rank of the design not counting the intercept.</summary>
    public int DfModel { get; init; }

    /// <summary>Residual degrees of freedom: n − rank (intercept included).</summary>
    public int DfResid { get; init; }

    /// <summary>Whether the model has an intercept (statsmodels' <c>k_constant</c> = 1).</summary>
    public bool HasIntercept { get; init; }

    /// <summary>The parameter names: <c>const</c> (with an intercept), then the feature names.</summary>
    public IReadOnlyList<string> ParameterNames { get; init; } = [];

    /// <summary>The parameters (statsmodels' <c>params</c>): intercept first, then the coefficients.</summary>
    public IReadOnlyList<double> Parameters { get; init; } = [];

    /// <summary>Standard errors √(scale·[(XᵀX)⁻¹]ⱼⱼ) (statsmodels' <c>bse</c>), or √Vⱼⱼ of the robust sandwich
    /// (see <see cref="CovarianceType"/>).</summary>
    public IReadOnlyList<double> StandardErrors { get; init; } = [];

    /// <summary>t statistics βⱼ/SEⱼ (z statistics under a robust <see cref="CovarianceType"/>).</summary>
    public IReadOnlyList<double> TValues { get; init; } = [];

    /// <summary>Two-sided p values P(|T| ≥ |tⱼ|), T ~ Student's t with <see cref="DfResid"/> degrees of freedom (the
    /// standard normal under a robust <see cref="CovarianceType"/>).</summary>
    public IReadOnlyList<double> PValues { get; init; } = [];

    /// <summary>95% confidence intervals βⱼ ± t₀.₉₇₅(DfResid)·SEⱼ (βⱼ ± z₀.₉₇₅·SEⱼ under a robust
    /// <see cref="CovarianceType"/>).</summary>
    public IReadOnlyList<ConfidenceInterval> ConfidenceIntervals { get; init; } = [];

    /// <summary>R² = 1 − SSE/TSS with TSS centred when there is an intercept, uncentered (Σyᵢ²) otherwise, as
    /// statsmodels does.</summary>
    public double RSquared { get; init; }

    /// <summary>Adjusted R² = 1 − (n − k_constant)/DfResid·(1 − R²) (uncentered without an intercept).</summary>
    public double AdjustedRSquared { get; init; }

    /// <summary>F = ((TSS − SSE)/DfModel)/scale, testing that every coefficient but the intercept is 0 (the Wald F
    /// under a robust <see cref="CovarianceType"/>).</summary>
    public double FStatistic { get; init; }

    /// <summary>P(F(DfModel, DfResid) ≥ F).</summary>
    public double FPValue { get; init; }

    /// <summary>Gaussian log-likelihood at the MLE of the variance: −n/2·(ln(2π·SSE/n) + 1).</summary>
    public double LogLikelihood { get; init; }

    /// <summary>Akaike's criterion −2·LogLikelihood + 2p.</summary>
    public double Aic { get; init; }

    /// <summary>Bayesian criterion −2·LogLikelihood + ln(n)·p.</summary>
    public double Bic { get; init; }

    /// <summary>SSE, the sum of squared residuals (statsmodels' <c>ssr</c>).</summary>
    public double SumOfSquaredResiduals { get; init; }

    /// <summary>SSE/DfResid, the unbiased residual variance (statsmodels' <c>scale</c>).</summary>
    public double Scale { get; init; }

    /// <summary>√(SSE/DfResid), the standard error of the regression (statsmodels' √scale; NIST's residual
    /// standard deviation).</summary>
    public double StandardErrorOfRegression { get; init; }

    /// <summary>SSE/n.</summary>
    public double MeanSquaredError { get; init; }

    /// <summary>√(SSE/n).</summary>
    public double RootMeanSquaredError { get; init; }

    /// <summary>Σ|eᵢ|/n.</summary>
    public double MeanAbsoluteError { get; init; }

    /// <summary>Durbin–Watson statistic Σ(eᵢ − eᵢ₋₁)²/Σeᵢ² of the residuals in row order.</summary>
    public double DurbinWatson { get; init; }

    /// <summary>√(λ_max/λ_min) of XᵀX for the design with its column of ones (statsmodels' <c>condition_number</c>),
    /// i.e. σ_max/σ_min of X, computed by Jacobi SVD.</summary>
    public double ConditionNumber { get; init; }

    /// <summary>The covariance behind <see cref="StandardErrors"/>, <see cref="TValues"/>, <see cref="PValues"/>,
    /// <see cref="ConfidenceIntervals"/> and, when robust, <see cref="FStatistic"/> (statsmodels' <c>cov_type</c>).
    /// Under a robust (HC) covariance, following statsmodels' default <c>use_t=False</c>: SEⱼ = √Vⱼⱼ of the sandwich,
    /// <see cref="TValues"/> hold z = βⱼ/SEⱼ, <see cref="PValues"/> are normal, erfc(|z|/√2), the intervals
    /// βⱼ ± Φ⁻¹(0.975)·SEⱼ, and F is the Wald test (Cβ)ᵀ(CVCᵀ)⁻¹(Cβ)/DfModel of the non-constant coefficients with
    /// p from F(DfModel, DfResid); R², the likelihood, AIC and BIC do not change.</summary>
    public CovarianceType CovarianceType { get; init; }

    private double[]? _covariance;

    /// <summary>
    /// The p×p covariance of <see cref="Parameters"/> (statsmodels' <c>cov_params()</c>), intercept first: scale·(XᵀX)⁻¹,
    /// or the HC sandwich of <see cref="CovarianceType"/>. A new array on each call; all NaN where
    /// <see cref="StandardErrors"/> are undefined (see <see cref="Undefined"/>), and for a minimum-norm
    /// (rank-deficient) fit.
    /// </summary>
    public double[,] CovarianceMatrix()
    {
        var p = Parameters.Count;
        var result = new double[p, p];
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < p; j++)
                result[i, j] = _covariance is { } v ? v[i * p + j] : double.NaN;
        }
        return result;
    }

    /// <summary>The statistics that are NaN because they are undefined here, each with the reason (for example
    /// <c>StandardErrors</c> → "df_resid = 0: as many parameters as observations").</summary>
    public IReadOnlyDictionary<string, string> Undefined { get; init; } = new Dictionary<string, string>();
}
