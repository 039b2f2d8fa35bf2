using BenchmarkDotNet.Attributes;
using MicroGrad.Regression;

namespace MicroGrad.Benchmarks;

/// <summary>
/// Least squares at N = 10⁶, k = 8 with an intercept, against <c>torch.linalg.lstsq</c> (which returns the
/// coefficients only): the TSQR solve alone, and the whole <see cref="LinearRegression.Fit(double[][], double[])"/>
/// with statsmodels' summary (rank check, covariance, a residual pass for SSE, MAE and Durbin–Watson).
/// </summary>
public class RegressionOlsBenchmarks
{
    private double[][] _x = [];
    private double[] _y = [];
    private readonly LinearRegression _estimator = new(new LinearRegressionOptions());

    [GlobalSetup]
    public void Setup()
    {
        var (x, y) = RegressionData.RowMajor();
        _x = RegressionData.Jagged(x, RegressionData.Columns);
        _y = y;
    }

    [Benchmark(Description = "least squares N=1e6 k=8, TSQR solve")]
    public double Solve()
    {
        var acc = LeastSquares.Accumulate(_x, _y, centre: true, out var shift, out var yShift);
        var design = LeastSquares.FromTriangle(acc.R(), acc.Columns, true, acc.Rows, shift, yShift, LinearRegressionOptions.DefaultRankTolerance);
        var qr = LeastSquares.Factor(design, LinearRegressionOptions.DefaultRankTolerance);
        return LeastSquares.Solve(qr, design, out _)[0];
    }

    [Benchmark(Description = "least squares N=1e6 k=8, Fit with summary")]
    public double FitWithSummary() => _estimator.Fit(_x, _y).Summary.RSquared;
}
