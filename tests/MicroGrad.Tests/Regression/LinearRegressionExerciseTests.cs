using System.Text.Json;
using MicroGrad.Regression;
using static MicroGrad.Tests.Regression.RegressionTestData;

namespace MicroGrad.Tests.Regression;

public class LinearRegressionExerciseTests
{
    [Fact]
    public void Classic_example_trains_to_the_notes_weights()
    {
        // Oracle: the exercise's worked example (numpy), quoted in the issue.
        double[][] x = [[1, 2, 3], [1, 1, 1]];
        double[] y = [6, 3];
        double[] initial = [0.2, 0.1, 0.6];
        var trained = LinearRegressionExercise.TrainModel(x, y, 10, initial);
        Assert.Equal([0.50678, 0.59057, 1.27435], trained);
        Assert.Equal([0.2, 0.1, 0.6], initial);
        Assert.Equal([1.0, 2, 3], x[0]);
    }

    [Fact]
    public void Classic_forward_prediction_and_error()
    {
        // Oracle: the exercise's examples (numpy), quoted in the issue.
        double[][] x = [[0.3745401188473625, 0.9507143064099162, 0.7319939418114051]];
        Assert.Equal([4.47195], LinearRegressionExercise.GetModelPrediction(x, [1, 2, 3]));
        Assert.Equal(0.33785, LinearRegressionExercise.GetError(
            [0.37454012, 0.95071431, 0.73199394], [0.59865848, 0.15601864, 0.15599452]));
    }

    [Fact]
    public void Rounding_is_numpy_half_to_even_on_the_scaled_value()
    {
        // numpy's documented algorithm for np.round(x, 5): rint(x·1e5)/1e5, rint rounding half to even. Hand
        // calculation of the IEEE products: 0.000025·1e5 = 2.5 exactly → 2 (Python's round(0.000025, 5) gives 3e-05
        // because it rounds the exact binary value, which is just above the tie); 0.000015·1e5 = 1.5 → 2;
        // 1.000005·1e5 = 100000.5 → 100000; 0.000035·1e5 = 3.4999999999999996 → 3.
        Assert.Equal(2e-05, LinearRegressionExercise.Round(0.000025));
        Assert.Equal(2e-05, LinearRegressionExercise.Round(0.000015));
        Assert.Equal(1.0, LinearRegressionExercise.Round(1.000005));
        Assert.Equal(3e-05, LinearRegressionExercise.Round(0.000035));
    }

    [Fact]
    public void Derivative_is_minus_two_dot_of_residuals_and_column_over_n()
    {
        // Hand calculation: residuals y − p = [1, −2]; column 1 = [2, 1]; −2·(1·2 − 2·1)/2 = 0; column 0 = [1, 1]:
        // −2·(1 − 2)/2 = 1.
        double[][] x = [[1, 2], [1, 1]];
        Assert.Equal(1.0, LinearRegressionExercise.GetDerivative([2, 3], [3, 1], 2, x, 0));
        Assert.Equal(0.0, LinearRegressionExercise.GetDerivative([2, 3], [3, 1], 2, x, 1));
    }

    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        var count = TestData.Json("linear_regression_cases.json").GetArrayLength();
        for (var i = 0; i < count; i++)
            data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_numpy_case(int index)
    {
        // Oracle: TestData/linear_regression_cases.json (numpy 2.5, statsmodels 0.15); format in shared/testdata/README.md.
        var c = TestData.Json("linear_regression_cases.json")[index];
        var x = Matrix(c.GetProperty("X"));
        var y = Vector(c.GetProperty("Y"));
        var w = Vector(c.GetProperty("initial_weights"));
        var iterations = c.GetProperty("num_iterations").GetInt32();
        Assert.Equal(Vector(c.GetProperty("trained")), LinearRegressionExercise.TrainModel(x, y, iterations, w));
        if (c.TryGetProperty("trained_raw", out var raw))
        {
            // The same iterations with unrounded weights; only summation order may differ from numpy's BLAS.
            var unrounded = LinearRegressionExercise.TrainUnrounded(x, y, iterations, w, LinearRegressionExercise.LearningRate);
            var expected = Vector(raw);
            for (var j = 0; j < expected.Length; j++)
                Assert.Equal(expected[j], unrounded[j], 1e-12 * Math.Abs(expected[j]) + 1e-15);
        }
        if (!c.TryGetProperty("prediction", out var prediction))
        {
            Assert.Equal(21 - 1, index); // only the classic example lacks them
            return;
        }
        Assert.Equal(Vector(prediction), LinearRegressionExercise.GetModelPrediction(x, w));
        var unroundedPrediction = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            for (var j = 0; j < w.Length; j++)
                unroundedPrediction[i] += x[i][j] * w[j];
        }
        Assert.Equal(c.GetProperty("error").GetDouble(), LinearRegressionExercise.GetError(unroundedPrediction, y));

        if (!c.TryGetProperty("ols_coef", out var ols))
            return;
        var model = new LinearRegression(new LinearRegressionOptions { FitIntercept = false }).Fit(x, y);
        var coef = Vector(ols);
        for (var j = 0; j < coef.Length; j++)
            Close(coef[j], model.Coefficients[j], 1e-9, 1e-12, $"ols_coef[{j}]");
        var s = model.Summary;
        Close(c.GetProperty("ols_sse").GetDouble(), s.SumOfSquaredResiduals, 1e-9, 1e-15, "ols_sse");
        Close(c.GetProperty("se_regression").GetDouble(), s.StandardErrorOfRegression, 1e-9, 1e-15, "se_regression");
        Close(c.GetProperty("sm_scale").GetDouble(), s.Scale, 1e-9, 1e-15, "sm_scale");
        Close(c.GetProperty("sm_rsquared").GetDouble(), s.RSquared, 1e-9, 1e-15, "sm_rsquared (uncentered)");
        var bse = Vector(c.GetProperty("sm_bse"));
        for (var j = 0; j < bse.Length; j++)
            Close(bse[j], s.StandardErrors[j], 1e-9, 1e-15, $"sm_bse[{j}]");
        Close(c.GetProperty("se_regression").GetDouble(),
            RegressionMetrics.StandardErrorOfRegression(y, model.Predict(x), x[0].Length), 1e-9, 1e-15, "metrics se_regression");
    }

    private static double[] Vector(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static double[][] Matrix(JsonElement e) => e.EnumerateArray().Select(Vector).ToArray();
}
