using System.Runtime.Intrinsics;
using MicroGrad.Data;

namespace MicroGrad.Regression;

public sealed partial class LinearRegression
{
    /// <summary>Rows standardised at a time into a scratch buffer (64 KB at k = 8: stays in the L2 cache).</summary>
    private const int StandardizeRows = 1024;

    /// <summary>
    /// Gradient descent over a CSV file with bounded memory: the first call parses the file once into a binary cache
    /// (<see cref="BinaryMatrixCache"/>) and later calls reuse it; one pass over the mapped cache gives the triangle
    /// (rank check, covariance, condition number) and the column scales, every iteration is one pass of the fused
    /// kernel over the mapped blocks, and a last pass gives the residual statistics.
    /// </summary>
    private LinearRegressionModel FitCached(string path, string targetColumn, IReadOnlyList<string>? featureColumns, int blockRows)
    {
        var o = _options;
        using var cache = BinaryMatrixCache.Open(path, targetColumn, featureColumns, o.CacheFolder, blockRows);
        var k = cache.Features;
        var names = cache.FeatureNames;
        var triangle = new StreamingTriangle(k, o.FitIntercept);
        for (var block = 0; block < cache.BlockCount; block++)
        {
            cache.Block(block, out var x, out var y);
            triangle.Add(x, y);
        }
        var fit = FactorTriangle(triangle.Accumulator, triangle.Shift, triangle.YShift, names);

        // The scales of ColumnScales, from the one pass above; applied on the fly, block by block.
        var means = new double[k];
        var sds = new double[k];
        sds.AsSpan().Fill(1.0);
        if (o.Standardize)
        {
            for (var j = 0; j < k; j++)
            {
                var sd = triangle.StandardDeviation(j);
                sds[j] = sd > 0 ? sd : 1.0;
                means[j] = o.FitIntercept ? triangle.Mean(j) : 0.0;
            }
        }
        var beta = new double[k];
        var history = GradientDescentSolver.FullBatch(new CachedRows(cache, o.Standardize ? means : null, sds), k, o.FitIntercept, o, beta, out var intercept);
        ToOriginalUnits(beta, ref intercept, means, sds);

        var residuals = new ResidualAccumulator(intercept, beta, o.FitIntercept, fit.Design.YMean);
        for (var block = 0; block < cache.BlockCount; block++)
        {
            cache.Block(block, out var x, out var y);
            residuals.Add(x, y);
        }
        return Model(fit, residuals, intercept, beta, names, history, cache.TargetName);
    }

    /// <summary><c>z[j] = (x[j] − mean[j])/sd[j]</c>, four columns per vector: IEEE subtraction and division, so the
    /// same doubles as the scalar expression of <see cref="StandardizedRowMajor"/>.</summary>
    private static void Standardize(ReadOnlySpan<double> x, ReadOnlySpan<double> means, ReadOnlySpan<double> sds, Span<double> z)
    {
        var j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 4 <= x.Length; j += 4)
            {
                var v = (Vector256.Create(x.Slice(j, 4)) - Vector256.Create(means.Slice(j, 4))) / Vector256.Create(sds.Slice(j, 4));
                v.CopyTo(z.Slice(j, 4));
            }
        }
        for (; j < x.Length; j++)
            z[j] = (x[j] - means[j]) / sds[j];
    }

    /// <summary>The cached blocks as gradient descent's rows: the kernel reads each block in place, or (standardising)
    /// a scratch copy of <see cref="StandardizeRows"/> rows z = (x − mean)/sd computed as the in-memory fit does.</summary>
    private sealed class CachedRows(BinaryMatrixCache cache, double[]? means, double[] sds) : GradientDescentSolver.IRows
    {
        private readonly double[] _scratch = means is null ? [] : new double[StandardizeRows * cache.Features];

        public long Count => cache.Rows;

        public void ResidualGradient(ReadOnlySpan<double> beta, double b, Span<double> gradient, ref double sumSquares, ref double sumResiduals)
        {
            var k = cache.Features;
            var simd = RegressionKernels.SimdEnabled;
            for (var block = 0; block < cache.BlockCount; block++)
            {
                cache.Block(block, out var x, out var y);
                if (means is null)
                {
                    RegressionKernels.ResidualGradient(x, y, beta, b, gradient, ref sumSquares, ref sumResiduals, simd);
                    continue;
                }
                for (var start = 0; start < y.Length; start += StandardizeRows)
                {
                    var m = Math.Min(StandardizeRows, y.Length - start);
                    var source = x.Slice(start * k, m * k);
                    var z = _scratch.AsSpan(0, m * k);
                    for (var i = 0; i < m; i++)
                        Standardize(source.Slice(i * k, k), means, sds, z.Slice(i * k, k));
                    RegressionKernels.ResidualGradient(z, y.Slice(start, m), beta, b, gradient, ref sumSquares, ref sumResiduals, simd);
                }
            }
        }
    }
}
