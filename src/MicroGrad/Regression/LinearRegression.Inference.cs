namespace MicroGrad.Regression;

// From a solution and its residual sums to the model: the covariance the options ask for, the summary, and what the
// model keeps for prediction intervals.
public sealed partial class LinearRegression
{
    /// <summary>The residual pass of a solution (b, β); every fit feeds it its rows in order.</summary>
    private ResidualAccumulator Residuals(TriangleFit fit, double intercept, double[] beta) =>
        new(intercept, beta, _options.FitIntercept, fit.Design.YMean);

    private LinearRegressionModel Model(TriangleFit fit, ResidualAccumulator residuals, double intercept, double[] beta,
        IReadOnlyList<string> names, double[] history, string? targetName)
    {
        var o = _options;
        var summary = RegressionSummary.Create(residuals, o.FitIntercept, intercept, beta, names, fit.Rank,
            o.L2 > 0 ? null : fit.StandardErrorFactors,
            o.L2 > 0 ? "not defined for a ridge fit (L2 > 0): the OLS covariance does not apply to a penalised estimate" : null,
            targetName ?? "y", MethodName(o), fit.ConditionNumber);
        return new LinearRegressionModel(intercept, beta, names, history, summary);
    }

    private static string MethodName(LinearRegressionOptions o)
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
