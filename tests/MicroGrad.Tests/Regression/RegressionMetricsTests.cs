using MicroGrad.Regression;

namespace MicroGrad.Tests.Regression;

public class RegressionMetricsTests
{
    private static readonly double[] Actual = [3, -0.5, 2, 7];
    private static readonly double[] Predicted = [2.5, 0, 2, 8];

    [Fact]
    public void Scikit_learn_documented_pair()
    {
        // Oracle: scikit-learn's documentation examples for mean_squared_error, mean_absolute_error and r2_score.
        Assert.Equal(0.375, RegressionMetrics.MeanSquaredError(Actual, Predicted), 1e-15);
        Assert.Equal(0.5, RegressionMetrics.MeanAbsoluteError(Actual, Predicted), 1e-15);
        Assert.Equal(0.9486081370449679, RegressionMetrics.RSquared(Actual, Predicted), 1e-15);
        // Hand calculation: √0.375; 1 − (1 − R²)·3/2 with R² = 1 − 1.5/29.1875; √(1.5/(4 − 2)).
        Assert.Equal(Math.Sqrt(0.375), RegressionMetrics.RootMeanSquaredError(Actual, Predicted), 1e-15);
        Assert.Equal(1 - 1.5 / 29.1875 * 3 / 2, RegressionMetrics.AdjustedRSquared(Actual, Predicted, 1), 1e-15);
        Assert.Equal(Math.Sqrt(0.75), RegressionMetrics.StandardErrorOfRegression(Actual, Predicted, 2), 1e-15);
    }

    [Fact]
    public void R_squared_of_a_constant_target_is_undefined()
    {
        var ex = Assert.Throws<ArgumentException>(() => RegressionMetrics.RSquared([2, 2, 2], [1, 2, 3]));
        Assert.Contains("R² is undefined", ex.Message, StringComparison.Ordinal);
        var adjusted = Assert.Throws<ArgumentException>(() => RegressionMetrics.AdjustedRSquared([1, 2, 4], [1, 2, 3], 2));
        Assert.Contains("Adjusted R² is undefined", adjusted.Message, StringComparison.Ordinal);
    }
}
