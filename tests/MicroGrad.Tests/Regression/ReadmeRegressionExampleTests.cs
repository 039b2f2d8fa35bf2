using MicroGrad.Regression;

namespace MicroGrad.Tests.Regression;

/// <summary>The README's "Linear regression" examples, kept compiling and giving the numbers it shows.</summary>
public class ReadmeRegressionExampleTests
{
    [Fact]
    public void The_exercise_example_gives_the_readme_numbers()
    {
        // --- README ---
        double[][] x = [[1, 2, 3], [1, 1, 1]];
        double[] y = [6, 3];
        var p = LinearRegressionExercise.GetModelPrediction(x, [0.2, 0.1, 0.6]);   // [2.2, 0.9]
        var e = LinearRegressionExercise.GetError(p, y);                          // 9.425 (MSE)
        var w = LinearRegressionExercise.TrainModel(x, y, 10, [0.2, 0.1, 0.6]);   // [0.50678, 0.59057, 1.27435]
        var se = RegressionMetrics.StandardErrorOfRegression(y, p, parameterCount: 1);
        // --- end ---

        // Hand calculation: X·w = [0.2 + 0.2 + 1.8, 0.2 + 0.1 + 0.6]; MSE = ((6 − 2.2)² + (3 − 0.9)²)/2 = 18.85/2;
        // √(SSE/(n − k)) = √(18.85/1). The trained weights are the (numpy) classic example.
        Assert.Equal([2.2, 0.9], p);
        Assert.Equal(9.425, e);
        Assert.Equal([0.50678, 0.59057, 1.27435], w);
        Assert.Equal(Math.Sqrt(18.85), se, 1e-12);
        var ex = Assert.Throws<ArgumentException>(() => RegressionMetrics.StandardErrorOfRegression(y, p, parameterCount: 3));
        Assert.Contains("is undefined: n = 2 observations for k = 3 parameters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_longley_summary_prints_the_readme_table()
    {
        // statsmodels' OLS summary of Longley, as the README shows it (values rounded as the table rounds them).
        var model = new LinearRegression(new LinearRegressionOptions()).FitCsv(TestData.PathOf("longley.csv"), "TOTEMP");
        var text = model.Summary.ToString();
        Assert.Contains("Dep. Variable:                  TOTEMP   R-squared:                     0.9955", text, StringComparison.Ordinal);
        Assert.Contains("const      -3.482e+06  8.904e+05     -3.911      0.004  -5.497e+06  -1.468e+06", text, StringComparison.Ordinal);
        Assert.Contains("YEAR             1829      455.5      4.016      0.003       798.8        2860", text, StringComparison.Ordinal);
        Assert.Contains("Durbin-Watson:                   2.559   Condition No.:              4.859e+09", text, StringComparison.Ordinal);
    }
}
