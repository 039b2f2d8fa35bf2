#:project ../src/MicroGrad/MicroGrad.csproj
// The linear-regression exercise by hand, then the same idea as a real estimator.
// Run: dotnet run samples/regression.cs
using MicroGrad;
using MicroGrad.Regression;

// The exercise: X·w, the mean squared error, and 10 steps of gradient descent (learning rate 0.01).
double[][] x = [[1, 2, 3], [1, 1, 1]];
double[] y = [6, 3];
double[] w = [0.2, 0.1, 0.6];
var prediction = LinearRegressionExercise.GetModelPrediction(x, w);
Console.WriteLine($"prediction      = [{string.Join(", ", prediction)}]");
Console.WriteLine($"error (MSE)     = {LinearRegressionExercise.GetError(prediction, y)}");
Console.WriteLine($"dE/dw0          = {LinearRegressionExercise.GetDerivative(prediction, y, y.Length, x, 0)}");
var trained = LinearRegressionExercise.TrainModel(x, y, 10, w);
Console.WriteLine($"trained weights = [{string.Join(", ", trained)}]   (the notes: [0.50678, 0.59057, 1.27435])");

// The same exercise through autograd: X·w and the MSE as tensors, the gradient by Backward() instead of by hand.
var xt = new Tensor(2, 3, [1, 2, 3, 1, 1, 1], "X");
var yt = new Tensor(2, 1, [6, 3], "y");
var wt = new Tensor(3, 1, [0.2, 0.1, 0.6], "w");
for (var step = 0; step < 10; step++)
{
    Array.Clear(wt.Grad);
    var mse = (xt.MatMul(wt) - yt).Pow(2).Mean();
    mse.Backward();
    if (step == 0)
        Console.WriteLine($"autograd: MSE {mse.Data[0]}, dE/dw0 {wt.Grad[0]:G12}");
    for (var j = 0; j < 3; j++)
        wt.Data[j] -= 0.01 * wt.Grad[j];
}
Console.WriteLine($"autograd: trained weights = [{string.Join(", ", wt.Data.Select(v => v.ToString("F5")))}]");

// Which error to report? MSE, RMSE, or the standard error of the regression √(SSE/(n − k)).
double[] actual = [3, -0.5, 2, 7];
double[] predicted = [2.5, 0, 2, 8];
Console.WriteLine($"MSE {RegressionMetrics.MeanSquaredError(actual, predicted)}, RMSE {RegressionMetrics.RootMeanSquaredError(actual, predicted):G6}, " +
    $"R² {RegressionMetrics.RSquared(actual, predicted):G6}, SE of regression (k = 2) {RegressionMetrics.StandardErrorOfRegression(actual, predicted, 2):G6}");

// The estimator: QR by default, or gradient descent on standardised features.
double[][] hours = [[1, 0], [2, 1], [3, 1], [4, 0], [5, 1], [6, 0], [7, 1], [8, 1]];
double[] score = [52, 58, 61, 60, 68, 66, 74, 77];
var qr = new LinearRegression(new LinearRegressionOptions()).Fit(hours, score, ["hours", "tutored"], "score");
var gd = new LinearRegression(new LinearRegressionOptions
{
    Solver = LinearSolver.GradientDescent,
    Standardize = true,
    LearningRate = 0.1,
    MaxIterations = 5000,
}).Fit(hours, score, ["hours", "tutored"], "score");
Console.WriteLine($"QR: b = {qr.Intercept:F6}, β = [{string.Join(", ", qr.Coefficients.Select(c => c.ToString("F6")))}]");
Console.WriteLine($"GD: b = {gd.Intercept:F6}, β = [{string.Join(", ", gd.Coefficients.Select(c => c.ToString("F6")))}] after {gd.LossHistory.Count - 1} iterations");
Console.WriteLine();
Console.WriteLine(qr.Summary);
