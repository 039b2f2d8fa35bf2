using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MicroGrad.Data;

namespace MicroGrad.Regression;

public sealed partial class LinearRegression
{
    /// <summary>Rows standardised at a time into a scratch buffer (16 KB at k = 8: stays in the L1 cache).</summary>
    private const int StandardizeRows = 256;

    /// <summary>
    /// Gradient descent over a CSV file with bounded memory: the first call parses the file once into a binary cache
    /// (<see cref="BinaryMatrixCache"/>) and later calls reuse it; one pass over the mapped cache gives the triangle
    /// (rank check, covariance, condition number) and the column scales, every iteration is one pass of the fused
    /// kernel over the mapped blocks, and a last pass gives the residual statistics.
    /// </summary>
    private LinearRegressionModel FitCached(string path, string targetColumn, IReadOnlyList<string>? featureColumns, int blockRows)
    {
        var o = _options;
        // A new cache's blocks are blockRows·k doubles (5 GB for a 10,000-column file): count the rows before building it.
        using var cache = BinaryMatrixCache.Open(path, targetColumn, featureColumns, o.CacheFolder, blockRows,
            beforeBuild: () => RequireObservations(path, targetColumn, featureColumns));
        var k = cache.FeatureCount;
        var names = cache.FeatureNames;
        RequireObservations(cache.Rows, k);
        var triangle = new StreamingTriangle(k, o.FitIntercept);
        for (var block = 0; block < cache.BlockCount; block++)
        {
            cache.Block(block, out var x, out var y);
            triangle.Add(x, y);
        }
        var fit = FactorTriangle(triangle.Accumulator, triangle.Shift, triangle.YShift, names, targetColumn);

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

        var residuals = Residuals(fit, intercept, beta);
        for (var block = 0; block < cache.BlockCount; block++)
        {
            cache.Block(block, out var x, out var y);
            residuals.Add(x, y);
        }
        return Model(fit, residuals, intercept, beta, names, history, cache.TargetName);
    }

    /// <summary><c>z[i·k + j] = (x[i·k + j] − mean[j])·(1/sd[j])</c> over rows of k values, four columns per vector.
    /// A multiplication by the reciprocal rather than a division: it differs from the in-memory quotient by at most
    /// one rounding (≤ 1 ulp), the size of the rounding the quotient itself carries.</summary>
    private static void Standardize(ReadOnlySpan<double> x, ReadOnlySpan<double> means, ReadOnlySpan<double> inverseSds, Span<double> z)
    {
        var k = means.Length;
        var rows = x.Length / k;
        if (z.Length < x.Length || inverseSds.Length != k)
            MicroGradThrow.Argument_LengthMismatch(nameof(z), z.Length, x.Length, "one value per value of x");
        var kv = Vector256.IsHardwareAccelerated ? k & ~3 : 0;
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var z0 = ref MemoryMarshal.GetReference(z);
        ref var m0 = ref MemoryMarshal.GetReference(means);
        ref var s0 = ref MemoryMarshal.GetReference(inverseSds);
        for (var i = 0; i < rows; i++)
        {
            var o = (nuint)(i * k);
            for (nuint j = 0; j < (nuint)kv; j += 4)
                ((Vector256.LoadUnsafe(ref x0, o + j) - Vector256.LoadUnsafe(ref m0, j)) * Vector256.LoadUnsafe(ref s0, j)).StoreUnsafe(ref z0, o + j);
            for (var j = kv; j < k; j++)
                Unsafe.Add(ref z0, (int)o + j) = (Unsafe.Add(ref x0, (int)o + j) - Unsafe.Add(ref m0, j)) * Unsafe.Add(ref s0, j);
        }
    }

    /// <summary>The cached blocks as gradient descent's rows: the kernel reads each block in place, or (standardising)
    /// a scratch copy of <see cref="StandardizeRows"/> rows z = (x − mean)·(1/sd), which stays in the L1 cache.</summary>
    private sealed class CachedRows(BinaryMatrixCache cache, double[]? means, double[] sds) : GradientDescentSolver.IRows
    {
        private readonly double[] _scratch = means is null ? [] : new double[StandardizeRows * cache.FeatureCount];
        private readonly double[] _inverseSds = Inverse(sds);

        private static double[] Inverse(double[] v)
        {
            var inverse = new double[v.Length];
            for (var j = 0; j < v.Length; j++)
                inverse[j] = 1.0 / v[j];
            return inverse;
        }

        public long Count => cache.Rows;

        public void ResidualGradient(ReadOnlySpan<double> beta, double b, Span<double> gradient, ref double sumSquares, ref double sumResiduals)
        {
            var k = cache.FeatureCount;
            var simd = Simd.Enabled;
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
                    Standardize(source, means, _inverseSds, z);
                    RegressionKernels.ResidualGradient(z, y.Slice(start, m), beta, b, gradient, ref sumSquares, ref sumResiduals, simd);
                }
            }
        }
    }
}
