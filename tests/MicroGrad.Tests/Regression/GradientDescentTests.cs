using MicroGrad.Regression;
using static MicroGrad.Tests.Regression.RegressionTestData;

namespace MicroGrad.Tests.Regression;

public class GradientDescentTests
{
    private static LinearRegressionModel Qr(double[][] x, double[] y) =>
        new LinearRegression(new LinearRegressionOptions()).Fit(x, y);

    private static void AssertSameModel(LinearRegressionModel expected, LinearRegressionModel actual, double rel)
    {
        // Relative to the size of the coefficient vector: a coefficient near 0 has no meaningful relative error.
        var scale = Math.Abs(expected.Intercept);
        foreach (var c in expected.Coefficients)
            scale = Math.Max(scale, Math.Abs(c));
        Assert.True(Math.Abs(expected.Intercept - actual.Intercept) <= rel * scale,
            $"intercept {actual.Intercept} vs {expected.Intercept}");
        for (var j = 0; j < expected.Coefficients.Count; j++)
        {
            Assert.True(Math.Abs(expected.Coefficients[j] - actual.Coefficients[j]) <= rel * scale,
                $"coefficient {j}: {actual.Coefficients[j]} vs {expected.Coefficients[j]} (scale {scale})");
        }
    }

    [Fact]
    public void Full_batch_gradient_descent_with_standardize_converges_to_qr_on_diabetes()
    {
        // Oracle: the QR least-squares solution (itself checked against NIST and statsmodels); GD minimises the same
        // convex loss, so with enough iterations it must reach it.
        var (x, y, _) = Diabetes();
        var gd = new LinearRegression(new LinearRegressionOptions
        {
            Solver = LinearSolver.GradientDescent,
            Standardize = true,
            LearningRate = 0.2,
            MaxIterations = 20_000,
            Tolerance = 0,
        }).Fit(x, y);
        Assert.Equal(20_001, gd.LossHistory.Count);
        var qr = Qr(x, y);
        // Every coefficient and the intercept to 1e-6 of its own size (the issue's criterion), not only of the largest.
        Assert.Equal(qr.Intercept, gd.Intercept, 1e-6 * Math.Abs(qr.Intercept));
        for (var j = 0; j < qr.Coefficients.Count; j++)
            Assert.Equal(qr.Coefficients[j], gd.Coefficients[j], 1e-6 * Math.Abs(qr.Coefficients[j]));
        Assert.Equal(Qr(x, y).Summary.StandardErrors[3], gd.Summary.StandardErrors[3], 1e-6);
    }

    [Fact]
    public void Stochastic_gradient_descent_with_decay_and_averaging_converges_to_qr_within_1e_3()
    {
        // Oracle: the QR solution. Diabetes is ill-conditioned along s1−s2 (standard errors ~300 on coefficients
        // ~800), the direction where SGD's noise lives, so this needs the decaying step and tail averaging.
        var (x, y, _) = Diabetes();
        var sgd = new LinearRegression(new LinearRegressionOptions
        {
            Solver = LinearSolver.StochasticGradientDescent,
            Standardize = true,
            LearningRate = 0.05,
            BatchSize = 32,
            MaxIterations = 3000,
            Tolerance = 0,
            Seed = 42,
        }).Fit(x, y);
        AssertSameModel(Qr(x, y), sgd, 1e-3);
    }

    [Fact]
    public void Tolerance_stops_early_when_the_relative_improvement_is_small()
    {
        var (x, y, _) = Diabetes();
        var model = new LinearRegression(new LinearRegressionOptions
        {
            Solver = LinearSolver.GradientDescent,
            Standardize = true,
            LearningRate = 0.2,
            MaxIterations = 100_000,
            Tolerance = 1e-6,
        }).Fit(x, y);
        var h = model.LossHistory;
        Assert.True(h.Count < 100_001, $"{h.Count} losses");
        Assert.True(h[^2] - h[^1] <= 1e-6 * h[^2]);
        for (var t = 1; t < h.Count - 1; t++)
            Assert.True(h[t - 1] - h[t] > 1e-6 * h[t - 1], $"should have stopped at {t}");
    }

    [Theory]
    [InlineData(LinearSolver.GradientDescent, "Gradient descent")]
    [InlineData(LinearSolver.StochasticGradientDescent, "Stochastic gradient descent")]
    public void A_loss_that_overflows_is_named_as_such_with_the_solver(LinearSolver solver, string name)
    {
        var (x, y, _) = Longley();
        var ex = Assert.Throws<TrainingDivergedException>(() => new LinearRegression(new LinearRegressionOptions
        {
            Solver = solver,
            LearningRate = 1e6,
            Seed = 1,
        }).Fit(x, y));
        Assert.False(double.IsFinite(ex.Loss));
        Assert.Matches($@"^{name} diverged at iteration {ex.Step}: the loss became (nan|inf)\. ", ex.Message);
    }

    [Fact]
    public void Divergence_stops_with_advice()
    {
        var (x, y, _) = Longley();
        var ex = Assert.Throws<TrainingDivergedException>(() => new LinearRegression(new LinearRegressionOptions
        {
            Solver = LinearSolver.GradientDescent,
            LearningRate = 0.01,
        }).Fit(x, y));
        Assert.Contains("smaller learning rate than 0.01", ex.Message, StringComparison.Ordinal);
        Assert.Contains("standardise the features", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0.01, ex.LearningRate);
    }

    [Fact]
    public void Ridge_matches_the_closed_form_in_one_dimension()
    {
        // Hand calculation: without intercept, minimising (1/n)Σ(y − βx)² + λβ² gives β = Σxy/(Σx² + nλ);
        // x = [1, 2, 3], y = [2, 3, 7], λ = 0.5: β = 29/(14 + 1.5) = 1.870967741935484.
        double[][] x = [[1], [2], [3]];
        double[] y = [2, 3, 7];
        var model = new LinearRegression(new LinearRegressionOptions { FitIntercept = false, L2 = 0.5 }).Fit(x, y);
        Assert.Equal(29 / 15.5, model.Coefficients[0], 1e-14);
    }

    [Fact]
    public void Ridge_by_qr_and_by_gradient_descent_agree()
    {
        // Oracle: the penalised normal equations (XᵀX/n + λI)β = Xᵀy/n in standardised units are solved exactly by
        // the augmented QR; gradient descent on the same loss must reach the same minimiser.
        var (x, y, _) = Diabetes();
        var options = new LinearRegressionOptions { Standardize = true, L2 = 0.1 };
        var qr = new LinearRegression(options).Fit(x, y);
        var gd = new LinearRegression(options with
        {
            Solver = LinearSolver.GradientDescent,
            LearningRate = 0.2,
            MaxIterations = 5000,
            Tolerance = 0,
        }).Fit(x, y);
        AssertSameModel(qr, gd, 1e-8);
        Assert.Contains(nameof(RegressionSummary.StandardErrors), qr.Summary.Undefined.Keys);
    }

    [Fact]
    public void A_fit_worse_than_the_mean_has_a_negative_f_statistic_and_p_value_one()
    {
        // Zero iterations leave every weight at 0, so the prediction is 0 and R² = 1 − SSE/SST < 0 (y = 10, 11, 13, 12).
        // scipy: f.sf(F, df1, df2) = 1 for any F ≤ 0.
        double[][] x = [[1.0], [2.0], [3.0], [4.0]];
        double[] y = [10.0, 11.0, 13.0, 12.0];
        var model = new LinearRegression(new LinearRegressionOptions
        {
            Solver = LinearSolver.GradientDescent,
            MaxIterations = 0,
        }).Fit(x, y);

        Assert.True(model.Summary.RSquared < 0);
        Assert.True(model.Summary.FStatistic < 0);
        Assert.Equal(1.0, model.Summary.FPValue);
    }
}
