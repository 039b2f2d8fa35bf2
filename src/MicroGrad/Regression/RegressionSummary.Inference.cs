namespace MicroGrad.Regression;

// The summary of a saved model, and the robust Wald F.
public sealed partial class RegressionSummary
{
    /// <summary>The summary of a model read from a file: what the file keeps (parameters, n, df, scale, the
    /// covariance and so the standard errors √Vⱼⱼ, t or z, p and intervals); the statistics of the residuals are NaN
    /// and named in <see cref="Undefined"/>.</summary>
    internal static RegressionSummary FromModelFile(bool hasIntercept, double intercept, double[] beta, IReadOnlyList<string> featureNames,
        string targetName, string method, int n, int dfModel, int dfResid, double scale, CovarianceType covarianceType,
        double[]? covariance, string? noCovarianceReason, bool weighted = false)
    {
        var c = hasIntercept ? 1 : 0;
        var k = beta.Length;
        var p = k + c;
        var parameters = new double[p];
        var names = new string[p];
        if (hasIntercept)
            (parameters[0], names[0]) = (intercept, "const");
        for (var j = 0; j < k; j++)
            (parameters[c + j], names[c + j]) = (beta[j], featureNames[j]);
        var se = Filled(p);
        var t = Filled(p);
        var pv = Filled(p);
        var ci = new ConfidenceInterval[p];
        ci.AsSpan().Fill(new ConfidenceInterval(double.NaN, double.NaN));
        var undefined = new Dictionary<string, string>();
        var robust = covarianceType != CovarianceType.NonRobust;
        if (covariance is not null && dfResid > 0)
        {
            for (var j = 0; j < p; j++)
                se[j] = Math.Sqrt(covariance[j * p + j]);
            ParameterTests(parameters, se, robust, dfResid, t, pv, ci);
        }
        else
        {
            foreach (var name in (string[])[nameof(StandardErrors), nameof(TValues), nameof(PValues), nameof(ConfidenceIntervals)])
                undefined[name] = noCovarianceReason ?? "the model file keeps no covariance";
        }
        const string notKept = "not kept in a model file (it keeps the parameters, their covariance, n, df and scale): refit to see it";
        foreach (var name in (string[])[nameof(RSquared), nameof(AdjustedRSquared), nameof(FStatistic), nameof(FPValue),
            nameof(LogLikelihood), nameof(Aic), nameof(Bic), nameof(SumOfSquaredResiduals), nameof(MeanSquaredError),
            nameof(RootMeanSquaredError), nameof(MeanAbsoluteError), nameof(DurbinWatson), nameof(ConditionNumber)])
            undefined[name] = notKept;
        if (double.IsNaN(scale))
        {
            undefined[nameof(Scale)] = "df_resid = 0: no residual variance";
            undefined[nameof(StandardErrorOfRegression)] = "df_resid = 0: no residual variance";
        }
        return new RegressionSummary
        {
            Weighted = weighted, Observations = n, DfModel = dfModel, DfResid = dfResid, HasIntercept = hasIntercept, ParameterNames = names,
            Parameters = parameters, StandardErrors = se, TValues = t, PValues = pv, ConfidenceIntervals = ci,
            RSquared = double.NaN, AdjustedRSquared = double.NaN, FStatistic = double.NaN, FPValue = double.NaN,
            LogLikelihood = double.NaN, Aic = double.NaN, Bic = double.NaN, SumOfSquaredResiduals = double.NaN,
            Scale = scale, StandardErrorOfRegression = Math.Sqrt(scale), MeanSquaredError = double.NaN,
            RootMeanSquaredError = double.NaN, MeanAbsoluteError = double.NaN, DurbinWatson = double.NaN,
            ConditionNumber = double.NaN, CovarianceType = covarianceType, _covariance = covariance, Undefined = undefined,
            TargetName = targetName, Method = method,
        };
    }

    /// <summary>
    /// statsmodels' <c>fvalue</c> under a robust covariance (<c>linear_model.py</c>, the <c>cov_type != 'nonrobust'</c>
    /// branch): the Wald test F = (Cβ)ᵀ(C·V·Cᵀ)⁻¹(Cβ)/q of every coefficient but the intercept, C selecting them and
    /// q = <paramref name="dfModel"/>; solved through a Cholesky factor of V's slope block. NaN when that block is
    /// not positive definite.
    /// </summary>
    internal static double WaldF(double[] covariance, double[] parameters, int first, int dfModel)
    {
        var p = parameters.Length;
        var k = p - first;
        var l = new double[k * k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var s = covariance[(first + i) * p + first + j];
                for (var m = 0; m < j; m++)
                    s -= l[i * k + m] * l[j * k + m];
                if (i == j)
                {
                    if (!(s > 0))
                        return double.NaN;
                    l[i * k + i] = Math.Sqrt(s);
                }
                else
                {
                    l[i * k + j] = s / l[j * k + j];
                }
            }
        }
        // ‖L⁻¹β‖² = βᵀV⁻¹β.
        var z = new double[k];
        var sum = 0.0;
        for (var i = 0; i < k; i++)
        {
            var s = parameters[first + i];
            for (var m = 0; m < i; m++)
                s -= l[i * k + m] * z[m];
            z[i] = s / l[i * k + i];
            sum += z[i] * z[i];
        }
        return sum / dfModel;
    }
}
