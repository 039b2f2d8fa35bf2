namespace MicroGrad.Regression;

/// <summary>
/// Error metrics of a regression, with arguments in scikit-learn's order: <c>(actual, predicted)</c>
/// (<c>y_true, y_pred</c>). With residuals <c>eᵢ = actualᵢ − predictedᵢ</c> and n observations:
/// MSE = Σeᵢ²/n, RMSE = √MSE, MAE = Σ|eᵢ|/n, R² = 1 − Σeᵢ²/Σ(actualᵢ − mean(actual))².
/// </summary>
/// <remarks>Which error to report? MSE is what gradient descent minimises, RMSE is in the target's units, and the
/// statistician's <see cref="StandardErrorOfRegression"/> √(SSE/(n − k)) corrects for the k fitted parameters.</remarks>
public static class RegressionMetrics
{
    /// <summary>Mean squared error, Σ(actualᵢ − predictedᵢ)²/n (scikit-learn's <c>mean_squared_error</c>).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The arrays are empty, differ in length or hold NaN/∞.</exception>
    public static double MeanSquaredError(double[] actual, double[] predicted) =>
        SumOfSquaredErrors(actual, predicted) / actual.Length;

    /// <summary>Root mean squared error, √MSE.</summary>
    /// <inheritdoc cref="MeanSquaredError"/>
    public static double RootMeanSquaredError(double[] actual, double[] predicted) =>
        Math.Sqrt(MeanSquaredError(actual, predicted));

    /// <summary>Mean absolute error, Σ|actualᵢ − predictedᵢ|/n (scikit-learn's <c>mean_absolute_error</c>).</summary>
    /// <inheritdoc cref="MeanSquaredError"/>
    public static double MeanAbsoluteError(double[] actual, double[] predicted)
    {
        Check(actual, predicted);
        var sum = 0.0;
        for (var i = 0; i < actual.Length; i++)
            sum += Math.Abs(actual[i] - predicted[i]);
        return sum / actual.Length;
    }

    /// <summary>Coefficient of determination R² = 1 − SSE/SST with SST = Σ(actualᵢ − mean)² (scikit-learn's
    /// <c>r2_score</c>).</summary>
    /// <inheritdoc cref="MeanSquaredError"/>
    /// <exception cref="ArgumentException">The actual values are all equal (SST = 0): R² is undefined. (Not NaN: an
    /// undefined statistic is said, not returned silently.)</exception>
    public static double RSquared(double[] actual, double[] predicted)
    {
        var sse = SumOfSquaredErrors(actual, predicted);
        var sst = CentredSumOfSquares(actual);
        if (sst == 0)
            MicroGradThrow.Argument_ConstantActual(nameof(actual));
        return 1.0 - sse / sst;
    }

    /// <summary>Adjusted R² = 1 − (1 − R²)·(n − 1)/(n − p − 1) for <paramref name="featureCount"/> = p features
    /// besides the intercept.</summary>
    /// <param name="actual">The true values.</param>
    /// <param name="predicted">The predictions.</param>
    /// <param name="featureCount">The number p of features (not counting the intercept).</param>
    /// <inheritdoc cref="MeanSquaredError"/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="featureCount"/> is negative.</exception>
    /// <exception cref="ArgumentException">n − p − 1 ≤ 0 (no residual degrees of freedom) or SST = 0: adjusted R² is
    /// undefined; the message says which.</exception>
    public static double AdjustedRSquared(double[] actual, double[] predicted, int featureCount)
    {
        if (featureCount < 0)
            MicroGradThrow.ArgumentOutOfRange(nameof(featureCount), featureCount, "a non-negative number of features");
        var dfResid = actual.Length - featureCount - 1;
        if (dfResid <= 0)
            MicroGradThrow.Argument_NoResidualDf(nameof(actual), actual.Length, featureCount, dfResid);
        var r2 = RSquared(actual, predicted);
        return 1.0 - (1.0 - r2) * (actual.Length - 1) / dfResid;
    }

    /// <summary>The standard error of the regression √(SSE/(n − k)) for a model with k =
    /// <paramref name="parameterCount"/> fitted parameters (count the intercept); statsmodels' <c>√scale</c>.
    /// </summary>
    /// <param name="actual">The true values.</param>
    /// <param name="predicted">The predictions.</param>
    /// <param name="parameterCount">The number k of fitted parameters, intercept included.</param>
    /// <inheritdoc cref="MeanSquaredError"/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parameterCount"/> is negative.</exception>
    /// <exception cref="ArgumentException">n ≤ k: with no residual degrees of freedom the standard error of the
    /// regression is undefined (the message says so).</exception>
    public static double StandardErrorOfRegression(double[] actual, double[] predicted, int parameterCount)
    {
        if (parameterCount < 0)
            MicroGradThrow.ArgumentOutOfRange(nameof(parameterCount), parameterCount, "a non-negative number of parameters");
        var sse = SumOfSquaredErrors(actual, predicted);
        var df = actual.Length - parameterCount;
        if (df <= 0)
            MicroGradThrow.Argument_NoResidualDf(nameof(actual), actual.Length, parameterCount);
        return Math.Sqrt(sse / df);
    }

    internal static double CentredSumOfSquares(ReadOnlySpan<double> v)
    {
        var mean = ColumnStatistics.Mean(v);
        var sst = 0.0;
        foreach (var a in v)
            sst += (a - mean) * (a - mean);
        return sst;
    }

    private static double SumOfSquaredErrors(double[] actual, double[] predicted)
    {
        Check(actual, predicted);
        var sum = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            var d = actual[i] - predicted[i];
            sum += d * d;
        }
        return sum;
    }

    private static void Check(double[] actual, double[] predicted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        if (actual.Length == 0)
            MicroGradThrow.Argument_Empty(nameof(actual), "value");
        RegressionInput.Finite(actual, nameof(actual));
        RegressionInput.Vector(predicted, nameof(predicted), actual.Length, "one per actual value", requireFinite: true);
    }
}
