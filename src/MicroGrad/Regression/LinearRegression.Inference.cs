namespace MicroGrad.Regression;

// From a solution and its residual sums to the model: the covariance the options ask for, the summary, and what the
// model keeps for prediction intervals.
public sealed partial class LinearRegression
{
    private const string RidgeReason = "not defined for a ridge fit (L2 > 0): the OLS covariance does not apply to a penalised estimate";

    private const string MergedReason = "needs a second pass over the rows: a merged fit keeps only the triangle, not the residuals of each row";

    /// <summary>The residual pass of a solution (b, β); every fit feeds it its rows in order. A robust covariance
    /// rides on it (<see cref="RobustCovariance"/>), so it costs no extra pass.</summary>
    private ResidualAccumulator Residuals(TriangleFit fit, double intercept, double[] beta) =>
        new(intercept, beta, _options.FitIntercept, fit.Design.YMean)
        {
            Observer = _options.Covariance != CovarianceType.NonRobust && HasCovariance(fit)
                ? new RobustCovariance(_options.Covariance, fit.Qr, fit.Design)
                : null,
        };

    /// <summary>Whether the fit has a covariance at all: not for ridge (a penalised estimate), nor for a minimum-norm
    /// solution of a rank-deficient design.</summary>
    private bool HasCovariance(TriangleFit fit) => _options.L2 == 0 && fit.Qr.Rank == fit.Design.Columns;

    private LinearRegressionModel Model(TriangleFit fit, ResidualAccumulator residuals, double intercept, double[] beta,
        IReadOnlyList<string> names, double[] history, string? targetName)
    {
        var o = _options;
        var c = o.FitIntercept ? 1 : 0;
        var dfResid = (int)Math.Min(int.MaxValue, residuals.Count - fit.Rank - c);
        var scale = dfResid > 0 ? residuals.SumSquares / dfResid : double.NaN;
        double[]? covariance = null, centred = null;
        string? reason = null;
        if (o.L2 > 0)
        {
            reason = RidgeReason;
        }
        else if (fit.Qr.Rank < fit.Design.Columns)
        {
            reason = "a rank-deficient design (minimum-norm solution) has no unique covariance";
        }
        else if (o.Covariance == CovarianceType.NonRobust)
        {
            if (fit.Gram is { } gram)
                gram.Covariances(out centred, out covariance);
            else
                LeastSquares.Covariances(fit.Qr, fit.Design, out centred, out covariance);
            for (var i = 0; i < covariance.Length; i++)
            {
                covariance[i] *= scale;
                centred[i] *= scale;
            }
        }
        else if (!residuals.HasRowStatistics)
        {
            reason = "robust (" + o.Covariance + ") standard errors " + MergedReason;
        }
        else if (residuals.Observer is RobustCovariance robust)
        {
            robust.Finish(dfResid, out covariance, out centred);
            reason = robust.UndefinedReason;
            if (reason is not null)
            {
                (covariance, centred) = (null, null);
            }
            else if (dfResid <= 0)
            {
                Array.Fill(covariance, double.NaN);
                Array.Fill(centred, double.NaN);
            }
        }
        var summary = RegressionSummary.Create(residuals, o.FitIntercept, intercept, beta, names, fit.Rank,
            o.L2 > 0 ? null : fit.StandardErrorFactors, o.L2 > 0 ? RidgeReason : null,
            targetName ?? "y", MethodName(o), fit.ConditionNumber, o.Covariance, covariance,
            o.Covariance == CovarianceType.NonRobust ? null : reason);
        var inference = covariance is null || centred is null
            ? null
            : new LinearInference(o.Covariance, o.FitIntercept ? (double[])fit.Design.Means.Clone() : new double[beta.Length],
                centred, covariance, scale, dfResid, residuals.Count, fit.Rank, residuals.Weighted);
        return new LinearRegressionModel(intercept, beta, names, history, summary, inference, reason)
        {
            FitOptions = o, Weighted = residuals.Weighted,
        };
    }

    internal static string MethodName(LinearRegressionOptions o)
    {
        var method = o.Solver switch
        {
            LinearSolver.GradientDescent => "Gradient Descent",
            LinearSolver.StochasticGradientDescent => "SGD",
            _ => "Least Squares",
        };
        return o.L2 > 0 ? method + " + L2" : method;
    }
}
