using MicroGrad.Regression;

namespace MicroGrad.Tests.Regression;

public class BadInputTests
{
    private static readonly LinearRegression Ols = new(new LinearRegressionOptions());

    [Fact]
    public void Ragged_rows_name_the_row_and_widths()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ols.Fit([[1, 2], [3], [4, 5]], [1, 2, 3]));
        Assert.Contains("row 1 has 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2 columns", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LinearRegressionExercise.GetModelPrediction([[1, 2], [3]], [1, 2]));
    }

    [Fact]
    public void Length_mismatch_between_x_and_y_says_both_lengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ols.Fit([[1], [2], [3]], [1, 2]));
        Assert.Contains("3 elements", ex.Message, StringComparison.Ordinal);
        Assert.Contains("got 2", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LinearRegressionExercise.TrainModel([[1, 2]], [1], 1, [1]));
        Assert.Throws<ArgumentException>(() => RegressionMetrics.MeanSquaredError([1, 2], [1]));
    }

    [Fact]
    public void No_rows_or_no_columns_are_rejected()
    {
        Assert.Contains("row", Assert.Throws<ArgumentException>(() => Ols.Fit([], [])).Message, StringComparison.Ordinal);
        Assert.Contains("column", Assert.Throws<ArgumentException>(() => Ols.Fit([[], []], [1, 2])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RegressionMetrics.MeanAbsoluteError([], []));
        Assert.Throws<ArgumentException>(() => LinearRegressionExercise.GetError([], []));
    }

    [Theory]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    public void Non_finite_inputs_name_the_cell(double bad, string shown)
    {
        var ex = Assert.Throws<ArgumentException>(() => Ols.Fit([[1, 2], [3, bad], [5, 7], [1, 1]], [1, 2, 3, 4]));
        Assert.Contains($"x[1][1] is {shown}", ex.Message, StringComparison.Ordinal);
        var ey = Assert.Throws<ArgumentException>(() => Ols.Fit([[1], [2], [3]], [1, bad, 3]));
        Assert.Contains($"y[1] is {shown}", ey.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void As_many_parameters_as_observations_leaves_named_statistics_undefined()
    {
        // n = 3, intercept + 2 features: an exact fit with df_resid = 0. Hand calculation: b + β1 = 1, b + β2 = 2,
        // b + β1 + β2 = 4 give β1 = 2, β2 = 3, b = −1.
        var model = Ols.Fit([[1, 0], [0, 1], [1, 1]], [1, 2, 4]);
        var s = model.Summary;
        Assert.Equal(0, s.DfResid);
        Assert.Equal(2.0, model.Coefficients[0], 1e-12);
        Assert.Equal(3.0, model.Coefficients[1], 1e-12);
        Assert.Equal(-1.0, model.Intercept, 1e-12);
        foreach (var name in (string[])["StandardErrors", "TValues", "PValues", "ConfidenceIntervals", "StandardErrorOfRegression", "FStatistic", "AdjustedRSquared"])
            Assert.Contains(name, s.Undefined.Keys);
        Assert.True(double.IsNaN(s.StandardErrors[0]));
        Assert.True(double.IsNaN(s.StandardErrorOfRegression));
        Assert.Contains("df_resid = 0", s.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"undefined\"", s.ToJson(), StringComparison.Ordinal);
        var ex = Assert.Throws<ArgumentException>(() => RegressionMetrics.StandardErrorOfRegression([1, 2], [1, 2], 2));
        Assert.Contains("standard error of the regression", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no residual degrees of freedom", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_observations_than_parameters_is_rank_deficient()
    {
        // Said by the counts before any factorisation (issue 15, item 4; TooFewObservationsTests has the wide case).
        var ex = Assert.Throws<RankDeficientException>(() => Ols.Fit([[1, 2, 3], [4, 5, 7]], [1, 2]));
        Assert.Contains("Only 2 observation(s) for 4 parameter(s) (3 feature(s) and the intercept)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearRegression(new LinearRegressionOptions { LearningRate = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearRegression(new LinearRegressionOptions { Tolerance = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearRegression(new LinearRegressionOptions { BatchSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearRegression(new LinearRegressionOptions { L2 = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearRegression(new LinearRegressionOptions { Seed = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>("Streaming", () => new LinearRegression(new LinearRegressionOptions { Streaming = (StreamingMode)3 }));
    }
}
