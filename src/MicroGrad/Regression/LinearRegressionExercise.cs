namespace MicroGrad.Regression;

/// <summary>
/// The linear-regression exercise, done by hand exactly as the notes pose it: a prediction <c>X·w</c>, the mean squared
/// error, one partial derivative of it, and plain gradient descent. Known in the notes as
/// <c>get_model_prediction</c>, <c>get_error</c> (also <c>get_errors</c>), <c>get_derivative</c> and
/// <c>train_model</c> (also <c>fit_model</c>).
/// </summary>
/// <remarks>
/// Every returned number is rounded as numpy's <c>np.round(x, 5)</c> does: the value is multiplied by 10⁵, rounded
/// to the nearest integer with ties to even, and divided by 10⁵ (so <c>np.round(0.000025, 5)</c> is <c>2e-05</c>, not
/// <c>3e-05</c>). Only returned values are rounded: <see cref="TrainModel(double[][], double[], int, double[])"/> trains
/// on unrounded predictions and rounds the final weights. Inputs are never mutated. For a real estimator with
/// statistics use <see cref="LinearRegression"/>.
/// </remarks>
public static class LinearRegressionExercise
{
    /// <summary>The exercise's learning rate, 0.01.</summary>
    public const double LearningRate = 0.01;

    /// <summary>The number of decimals every returned value is rounded to (numpy's <c>np.round(x, 5)</c>).</summary>
    public const int Decimals = 5;

    /// <summary>
    /// <c>get_model_prediction(X, weights)</c>: <c>prediction[i] = Σⱼ X[i][j]·weights[j]</c>, rounded to 5 decimals.
    /// </summary>
    /// <param name="x">The n×k inputs, one row per observation.</param>
    /// <param name="weights">The k weights.</param>
    /// <returns>The n predictions, each rounded as <c>np.round(·, 5)</c>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty or ragged, or <paramref name="weights"/> does
    /// not have one weight per column.</exception>
    public static double[] GetModelPrediction(double[][] x, double[] weights)
    {
        var k = RegressionInput.Matrix(x, nameof(x), requireFinite: false);
        RegressionInput.Vector(weights, nameof(weights), k, "one weight per column of x", requireFinite: false);
        var prediction = Predict(x, weights);
        for (var i = 0; i < prediction.Length; i++)
            prediction[i] = Round(prediction[i]);
        return prediction;
    }

    /// <summary>
    /// <c>get_error(model_prediction, ground_truth)</c> (also <c>get_errors</c>): the mean squared error
    /// <c>(1/n)·Σ(prediction[i] − truth[i])²</c>, rounded to 5 decimals.
    /// </summary>
    /// <param name="modelPrediction">The n predictions (used as given, rounded or not).</param>
    /// <param name="groundTruth">The n true values.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The arrays are empty or differ in length.</exception>
    public static double GetError(double[] modelPrediction, double[] groundTruth)
    {
        ArgumentNullException.ThrowIfNull(modelPrediction);
        if (modelPrediction.Length == 0)
            MicroGradThrow.Argument_Empty(nameof(modelPrediction), "prediction");
        RegressionInput.Vector(groundTruth, nameof(groundTruth), modelPrediction.Length, "one per prediction", requireFinite: false);
        var sum = 0.0;
        for (var i = 0; i < modelPrediction.Length; i++)
        {
            var d = modelPrediction[i] - groundTruth[i];
            sum += d * d;
        }
        return Round(sum / modelPrediction.Length);
    }

    /// <summary>
    /// <c>get_derivative(model_prediction, ground_truth, N, X, desired_weight)</c>: the partial derivative of the mean
    /// squared error with respect to weight j, <c>−2·Σᵢ (truth[i] − prediction[i])·X[i][j] / n</c>. Not rounded (the
    /// exercise rounds only predictions, errors and trained weights).
    /// </summary>
    /// <param name="modelPrediction">The n predictions.</param>
    /// <param name="groundTruth">The n true values.</param>
    /// <param name="n">The divisor N (the number of observations in the exercise).</param>
    /// <param name="x">The n×k inputs.</param>
    /// <param name="desiredWeight">The column j, 0 ≤ j &lt; k.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Shapes disagree.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is not positive or
    /// <paramref name="desiredWeight"/> is not a column of <paramref name="x"/>.</exception>
    public static double GetDerivative(double[] modelPrediction, double[] groundTruth, int n, double[][] x, int desiredWeight)
    {
        var k = RegressionInput.Matrix(x, nameof(x), requireFinite: false);
        RegressionInput.Vector(modelPrediction, nameof(modelPrediction), x.Length, "one per row of x", requireFinite: false);
        RegressionInput.Vector(groundTruth, nameof(groundTruth), x.Length, "one per row of x", requireFinite: false);
        if (n <= 0)
            MicroGradThrow.ArgumentOutOfRange(nameof(n), n, "a positive number of observations");
        if ((uint)desiredWeight >= (uint)k)
            MicroGradThrow.ArgumentOutOfRange(nameof(desiredWeight), desiredWeight, $"a column index in [0, {k})");
        return Derivative(modelPrediction, groundTruth, n, x, desiredWeight);
    }

    /// <summary>
    /// <c>train_model(X, Y, num_iterations, initial_weights)</c> (also <c>fit_model</c>) with the exercise's
    /// <see cref="LearningRate"/> of 0.01. See <see cref="TrainModel(double[][], double[], int, double[], double)"/>.
    /// </summary>
    /// <inheritdoc cref="TrainModel(double[][], double[], int, double[], double)"/>
    public static double[] TrainModel(double[][] x, double[] y, int numIterations, double[] initialWeights) =>
        TrainModel(x, y, numIterations, initialWeights, LearningRate);

    /// <summary>
    /// <c>train_model</c> (also <c>fit_model</c>) with a chosen learning rate: each iteration computes the prediction
    /// <c>p = X·w</c> once, then for every j updates <c>w[j] −= learningRate · GetDerivative(p, y, n, X, j)</c>.
    /// </summary>
    /// <param name="x">The n×k inputs.</param>
    /// <param name="y">The n targets.</param>
    /// <param name="numIterations">The number of iterations (0 returns the rounded initial weights).</param>
    /// <param name="initialWeights">The k starting weights (not mutated).</param>
    /// <param name="learningRate">The step size.</param>
    /// <returns>The trained weights, each rounded as <c>np.round(·, 5)</c>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Shapes disagree.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numIterations"/> is negative or the learning
    /// rate is not a finite number.</exception>
    public static double[] TrainModel(double[][] x, double[] y, int numIterations, double[] initialWeights, double learningRate)
    {
        var k = RegressionInput.Matrix(x, nameof(x), requireFinite: false);
        RegressionInput.Vector(y, nameof(y), x.Length, "one target per row of x", requireFinite: false);
        RegressionInput.Vector(initialWeights, nameof(initialWeights), k, "one weight per column of x", requireFinite: false);
        if (numIterations < 0)
            MicroGradThrow.ArgumentOutOfRange(nameof(numIterations), numIterations, "a non-negative number of iterations");
        if (!double.IsFinite(learningRate))
            MicroGradThrow.ArgumentOutOfRange(nameof(learningRate), learningRate, "a finite learning rate");

        var w = TrainUnrounded(x, y, numIterations, initialWeights, learningRate);
        for (var j = 0; j < k; j++)
            w[j] = Round(w[j]);
        return w;
    }

    /// <summary>The iterations of <see cref="TrainModel(double[][], double[], int, double[], double)"/> without the
    /// final rounding (the test vectors' <c>trained_raw</c>); arguments already validated.</summary>
    internal static double[] TrainUnrounded(double[][] x, double[] y, int numIterations, double[] initialWeights, double learningRate)
    {
        var w = (double[])initialWeights.Clone();
        for (var iteration = 0; iteration < numIterations; iteration++)
        {
            var p = Predict(x, w);
            for (var j = 0; j < w.Length; j++)
                w[j] -= learningRate * Derivative(p, y, x.Length, x, j);
        }
        return w;
    }

    /// <summary>numpy's <c>np.round(value, 5)</c>: scale by 10⁵, round half to even, scale back.</summary>
    public static double Round(double value) => Math.Round(value * 1e5, MidpointRounding.ToEven) / 1e5;

    private static double[] Predict(double[][] x, double[] w)
    {
        var p = new double[x.Length];
        for (var i = 0; i < p.Length; i++)
        {
            var row = x[i];
            var s = 0.0;
            for (var j = 0; j < w.Length; j++)
                s += row[j] * w[j];
            p[i] = s;
        }
        return p;
    }

    private static double Derivative(double[] prediction, double[] truth, int n, double[][] x, int j)
    {
        var dot = 0.0;
        for (var i = 0; i < prediction.Length; i++)
            dot += (truth[i] - prediction[i]) * x[i][j];
        return -2.0 * dot / n;
    }
}
