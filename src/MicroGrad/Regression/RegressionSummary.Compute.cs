using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace MicroGrad.Regression;

public sealed partial class RegressionSummary
{
    /// <summary>The confidence level of <see cref="ConfidenceIntervals"/>.</summary>
    public const double ConfidenceLevel = 0.95;

    /// <summary>Computes every statistic from the residual sums of a fitted model.</summary>
    /// <param name="residuals">The residual sums (n, SSE, Σ|e|, Durbin–Watson numerator, total sum of squares).</param>
    /// <param name="hasIntercept">Whether the model has an intercept.</param>
    /// <param name="intercept">b (0 without intercept).</param>
    /// <param name="beta">The coefficients.</param>
    /// <param name="featureNames">Names of the features.</param>
    /// <param name="rank">Rank of the (centred) feature columns.</param>
    /// <param name="standardErrorFactors">√diag((XᵀX)⁻¹), intercept first (standard errors are these times the
    /// residual SD); null when inference is undefined.</param>
    /// <param name="noInferenceReason">Why <paramref name="standardErrorFactors"/> is null.</param>
    /// <param name="targetName">The target's name.</param>
    /// <param name="method">The solver's name for the table.</param>
    /// <param name="conditionNumber">κ of the raw design [1, X] (see <see cref="LeastSquares.ConditionNumber"/>).</param>
    /// <param name="covarianceType">The covariance the options ask for.</param>
    /// <param name="covariance">The p×p covariance of the parameters (row-major, intercept first): scale·(XᵀX)⁻¹ for
    /// <see cref="CovarianceType.NonRobust"/> (kept for <see cref="CovarianceMatrix"/> only: the standard errors stay
    /// <paramref name="standardErrorFactors"/>·√scale), the sandwich otherwise; null when undefined.</param>
    /// <param name="covarianceUndefinedReason">Why a robust <paramref name="covariance"/> is null.</param>
    internal static RegressionSummary Create(ResidualAccumulator residuals, bool hasIntercept, double intercept,
        double[] beta, IReadOnlyList<string> featureNames, int rank, double[]? standardErrorFactors, string? noInferenceReason,
        string targetName, string method, double conditionNumber,
        CovarianceType covarianceType = CovarianceType.NonRobust, double[]? covariance = null, string? covarianceUndefinedReason = null)
    {
        var robust = covarianceType != CovarianceType.NonRobust;
        var n = residuals.Count;
        var k = beta.Length;
        var c = hasIntercept ? 1 : 0;
        var p = k + c;
        var undefined = new Dictionary<string, string>();
        var sse = residuals.SumSquares;
        var sae = residuals.SumAbsolute;
        var dwNumerator = residuals.DurbinWatsonNumerator;
        var tss = residuals.TotalSumSquares;
        var dfModel = rank;
        var dfResid = (int)Math.Min(int.MaxValue, n - rank - c);
        var parameters = new double[p];
        var names = new string[p];
        if (hasIntercept)
        {
            parameters[0] = intercept;
            names[0] = "const";
        }
        for (var j = 0; j < k; j++)
        {
            parameters[c + j] = beta[j];
            names[c + j] = featureNames[j];
        }

        var scale = dfResid > 0 ? sse / dfResid : double.NaN;
        if (dfResid <= 0)
        {
            var reason = "df_resid = 0: as many parameters as observations, so no residual variance";
            foreach (var name in (string[])[nameof(Scale), nameof(StandardErrorOfRegression), nameof(AdjustedRSquared),
                nameof(FStatistic), nameof(FPValue)])
                undefined[name] = reason;
            noInferenceReason ??= reason;
        }

        var rSquared = tss > 0 ? residuals.RSquared : double.NaN;
        if (!(tss > 0))
        {
            var reason = hasIntercept ? "the target is constant (centred total sum of squares 0)" : "the target is all zeros";
            undefined[nameof(RSquared)] = reason;
            undefined.TryAdd(nameof(AdjustedRSquared), reason);
            undefined.TryAdd(nameof(FStatistic), reason);
            undefined.TryAdd(nameof(FPValue), reason);
        }
        if (dfModel == 0)
        {
            undefined.TryAdd(nameof(FStatistic), "df_model = 0: no coefficient to test");
            undefined.TryAdd(nameof(FPValue), "df_model = 0: no coefficient to test");
        }
        var adjusted = dfResid > 0 ? 1.0 - (double)(n - c) / dfResid * (1.0 - rSquared) : double.NaN;
        var fStatistic = dfResid > 0 && dfModel > 0 ? (tss - sse) / dfModel / scale : double.NaN;
        var fPValue = double.IsNaN(fStatistic) ? double.NaN : FSurvival(fStatistic, dfModel, dfResid);

        var se = Filled(p);
        var t = Filled(p);
        var pv = Filled(p);
        var ci = new ConfidenceInterval[p];
        ci.AsSpan().Fill(new ConfidenceInterval(double.NaN, double.NaN));
        if (robust && noInferenceReason is null && covariance is null)
        {
            noInferenceReason = covarianceUndefinedReason ?? "no robust covariance";
            undefined.TryAdd(nameof(FStatistic), noInferenceReason);
            undefined.TryAdd(nameof(FPValue), noInferenceReason);
            fStatistic = fPValue = double.NaN;
        }
        if (robust && standardErrorFactors is not null && noInferenceReason is null)
        {
            // statsmodels' get_robustcov_results with use_t=False (its default): z and the normal distribution.
            for (var j = 0; j < p; j++)
                se[j] = Math.Sqrt(covariance![j * p + j]);
            ParameterTests(parameters, se, normal: true, dfResid, t, pv, ci);
            if (!double.IsNaN(fStatistic))
            {
                fStatistic = WaldF(covariance!, parameters, c, dfModel);
                fPValue = double.IsNaN(fStatistic) ? double.NaN : FSurvival(fStatistic, dfModel, dfResid);
            }
        }
        else if (standardErrorFactors is not null && noInferenceReason is null)
        {
            var sd = Math.Sqrt(scale);
            for (var j = 0; j < p; j++)
                se[j] = sd * standardErrorFactors[j];
            ParameterTests(parameters, se, normal: false, dfResid, t, pv, ci);
        }
        else
        {
            var reason = noInferenceReason ?? "no covariance";
            foreach (var name in (string[])[nameof(StandardErrors), nameof(TValues), nameof(PValues), nameof(ConfidenceIntervals)])
                undefined[name] = reason;
        }

        if (!residuals.HasRowStatistics)
        {
            const string reason = "needs a second pass over the rows in order: a merged fit keeps only the triangle";
            undefined[nameof(MeanAbsoluteError)] = reason;
            undefined[nameof(DurbinWatson)] = reason;
        }
        // statsmodels' WLS.loglike: the Gaussian likelihood of the whitened rows plus ½·Σ ln wᵢ.
        var llf = -n / 2.0 * (Math.Log(2 * Math.PI * sse / n) + 1) + residuals.SumLogWeights / 2;
        var parameterCount = dfModel + c;
        return new RegressionSummary
        {
            Weighted = residuals.Weighted,
            Observations = checked((int)n),
            DfModel = dfModel,
            DfResid = dfResid,
            HasIntercept = hasIntercept,
            ParameterNames = names,
            Parameters = parameters,
            StandardErrors = se,
            TValues = t,
            PValues = pv,
            ConfidenceIntervals = ci,
            RSquared = rSquared,
            AdjustedRSquared = adjusted,
            FStatistic = fStatistic,
            FPValue = fPValue,
            LogLikelihood = llf,
            Aic = -2 * llf + 2 * parameterCount,
            Bic = -2 * llf + Math.Log(n) * parameterCount,
            SumOfSquaredResiduals = sse,
            Scale = scale,
            StandardErrorOfRegression = Math.Sqrt(scale),
            MeanSquaredError = sse / n,
            RootMeanSquaredError = Math.Sqrt(sse / n),
            MeanAbsoluteError = sae / n,
            DurbinWatson = sse > 0 ? dwNumerator / sse : double.NaN,
            ConditionNumber = conditionNumber,
            CovarianceType = covarianceType,
            _covariance = noInferenceReason is null ? covariance : null,
            Undefined = undefined,
            TargetName = targetName,
            Method = method,
        };
    }

    /// <summary>t (or z under <paramref name="normal"/>) = βⱼ/SEⱼ, the two-sided p from Student's t with
    /// <paramref name="dfResid"/> degrees of freedom (or the normal: erfc(|z|/√2)), and the interval
    /// βⱼ ± q·SEⱼ at <see cref="ConfidenceLevel"/>.</summary>
    private static void ParameterTests(double[] parameters, double[] se, bool normal, int dfResid, double[] t, double[] pv,
        ConfidenceInterval[] ci)
    {
        var q = normal ? Normal.InvCDF(0, 1, 0.5 + ConfidenceLevel / 2) : StudentT.InvCDF(0, 1, dfResid, 0.5 + ConfidenceLevel / 2);
        for (var j = 0; j < parameters.Length; j++)
        {
            t[j] = parameters[j] / se[j];
            pv[j] = double.IsNaN(t[j]) ? double.NaN
                : normal ? SpecialFunctions.Erfc(Math.Abs(t[j]) / Math.Sqrt(2)) : TwoSidedT(t[j], dfResid);
            ci[j] = new ConfidenceInterval(parameters[j] - q * se[j], parameters[j] + q * se[j]);
        }
    }

    /// <summary>P(|T| ≥ |t|) = I_{ν/(ν+t²)}(ν/2, 1/2), the regularised incomplete beta, which keeps its relative
    /// accuracy for tiny p where 2·(1 − CDF) would cancel.</summary>
    private static double TwoSidedT(double t, int df) =>
        double.IsNaN(t) ? double.NaN : SpecialFunctions.BetaRegularized(df / 2.0, 0.5, df / (df + t * t));

    /// <summary>P(F(d₁, d₂) ≥ f) = I_{d₂/(d₂+d₁f)}(d₂/2, d₁/2).</summary>
    // P(F > f); an F statistic ≤ 0 (a fit worse than the mean, e.g. gradient descent stopped early) has survival 1,
    // as scipy's f.sf gives.
    private static double FSurvival(double f, int d1, int d2) => f <= 0
        ? 1.0
        : SpecialFunctions.BetaRegularized(d2 / 2.0, d1 / 2.0, d2 / (d2 + d1 * f));

    private static double[] Filled(int length)
    {
        var a = new double[length];
        a.AsSpan().Fill(double.NaN);
        return a;
    }
}
