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

    // Oracle for every test below: TestData/linear_regression_cases.json (numpy 2.5, statsmodels 0.15); its format is
    // in shared/testdata/README.md. The cases hold different oracles, so each check runs over exactly the cases holding
    // its fields, and The_cases_hold_the_documented_fields says which cases lack which field and why: a case cannot
    // drop out of a check unseen.
    private static readonly JsonElement[] s_cases = [.. TestData.Json("linear_regression_cases.json").EnumerateArray()];

    private static TheoryData<int> CasesWith(string field) => Cases(c => c.TryGetProperty(field, out _));

    private static TheoryData<int> Cases(Func<JsonElement, bool> holds)
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < s_cases.Length; i++)
        {
            if (holds(s_cases[i]))
                data.Add(i);
        }
        return data;
    }

    public static TheoryData<int> AllCases() => Cases(_ => true);

    public static TheoryData<int> CasesWithUnroundedTraining() => CasesWith("trained_raw");

    public static TheoryData<int> CasesWithPrediction() => CasesWith("prediction");

    public static TheoryData<int> CasesWithLeastSquares() => CasesWith("ols_coef");

    [Fact]
    public void The_cases_hold_the_documented_fields()
    {
        // The format: every case has X, Y, initial_weights, num_iterations and trained; all but the last (the classic
        // example, which has only trained) have trained_raw, prediction and error; exactly those with n > k have the
        // least-squares and statsmodels fields.
        Assert.Equal(21, s_cases.Length);
        string[] always = ["X", "Y", "initial_weights", "num_iterations", "trained"];
        string[] exercise = ["trained_raw", "prediction", "error"];
        string[] leastSquares = ["ols_coef", "ols_sse", "se_regression", "sm_bse", "sm_rsquared", "sm_scale"];
        for (var i = 0; i < s_cases.Length; i++)
        {
            var c = s_cases[i];
            var (n, k) = (c.GetProperty("X").GetArrayLength(), c.GetProperty("X")[0].GetArrayLength());
            var classic = i == s_cases.Length - 1;
            foreach (var field in always)
                Assert.True(c.TryGetProperty(field, out _), $"case {i} lacks {field}");
            foreach (var field in exercise)
                Assert.True(c.TryGetProperty(field, out _) != classic, $"case {i} (classic: {classic}) and {field}");
            foreach (var field in leastSquares)
                Assert.True(c.TryGetProperty(field, out _) == (n > k && !classic), $"case {i} (n = {n}, k = {k}) and {field}");
        }
        // 17 cases are checked against least squares; the other 4 have n ≤ k, where it has no unique answer.
        Assert.Equal(17, CasesWithLeastSquares().Count);
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Training_matches_numpy_after_rounding(int index)
    {
        var c = s_cases[index];
        var (x, y, w, iterations) = Inputs(c);
        Assert.Equal(Vector(c.GetProperty("trained")), LinearRegressionExercise.TrainModel(x, y, iterations, w));
    }

    [Theory]
    [MemberData(nameof(CasesWithUnroundedTraining))]
    public void Unrounded_training_matches_numpy_to_summation_order(int index)
    {
        // The same iterations with unrounded weights; only summation order may differ from numpy's BLAS.
        var c = s_cases[index];
        var (x, y, w, iterations) = Inputs(c);
        var unrounded = LinearRegressionExercise.TrainUnrounded(x, y, iterations, w, LinearRegressionExercise.LearningRate);
        var expected = Vector(c.GetProperty("trained_raw"));
        for (var j = 0; j < expected.Length; j++)
            Assert.Equal(expected[j], unrounded[j], 1e-12 * Math.Abs(expected[j]) + 1e-15);
    }

    [Theory]
    [MemberData(nameof(CasesWithPrediction))]
    public void Prediction_and_error_match_numpy(int index)
    {
        var c = s_cases[index];
        var (x, y, w, _) = Inputs(c);
        Assert.Equal(Vector(c.GetProperty("prediction")), LinearRegressionExercise.GetModelPrediction(x, w));
        var unroundedPrediction = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            for (var j = 0; j < w.Length; j++)
                unroundedPrediction[i] += x[i][j] * w[j];
        }
        Assert.Equal(c.GetProperty("error").GetDouble(), LinearRegressionExercise.GetError(unroundedPrediction, y));
    }

    [Theory]
    [MemberData(nameof(CasesWithLeastSquares))]
    public void Least_squares_matches_numpy_and_statsmodels(int index)
    {
        var c = s_cases[index];
        var (x, y, _, _) = Inputs(c);
        var model = new LinearRegression(new LinearRegressionOptions { FitIntercept = false }).Fit(x, y);
        var coef = Vector(c.GetProperty("ols_coef"));
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

    public static TheoryData<int> CasesWithoutResidualDegreesOfFreedom() => Cases(c =>
        c.TryGetProperty("prediction", out _) && c.GetProperty("X").GetArrayLength() <= c.GetProperty("X")[0].GetArrayLength());

    [Theory]
    [MemberData(nameof(CasesWithoutResidualDegreesOfFreedom))]
    public void Cases_with_n_at_most_k_have_no_standard_error_of_the_regression(int index)
    {
        // The cases without least-squares fields: √(SSE/(n − k)) divides by n − k ≤ 0, so it is undefined and says so.
        var c = s_cases[index];
        var (x, y, w, _) = Inputs(c);
        var ex = Assert.Throws<ArgumentException>(() =>
            RegressionMetrics.StandardErrorOfRegression(y, LinearRegressionExercise.GetModelPrediction(x, w), w.Length));
        Assert.Contains($"is undefined: n = {x.Length} observations for k = {w.Length} parameters", ex.Message, StringComparison.Ordinal);
    }

    private static (double[][] X, double[] Y, double[] W, int Iterations) Inputs(JsonElement c) =>
        (Matrix(c.GetProperty("X")), Vector(c.GetProperty("Y")), Vector(c.GetProperty("initial_weights")),
            c.GetProperty("num_iterations").GetInt32());

    private static double[] Vector(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static double[][] Matrix(JsonElement e) => e.EnumerateArray().Select(Vector).ToArray();
}
