using MicroGrad.Data;

namespace MicroGrad.Regression;

public sealed partial class LinearRegression
{
    /// <summary>Files larger than this many bytes (256 MiB) are fitted by <see cref="FitCsvStreaming"/> when
    /// <see cref="FitCsv"/> uses the <see cref="LinearSolver.Qr"/> or <see cref="LinearSolver.GradientDescent"/>
    /// solver and <see cref="LinearRegressionOptions.Streaming"/> is <see cref="StreamingMode.Auto"/>.</summary>
    public const long StreamingThresholdBytes = 256L << 20;

    /// <summary>
    /// Fits a CSV file without loading it into managed memory; memory is O(chunk·k), independent of the file's length.
    /// <para><see cref="LinearSolver.Qr"/>: one streaming pass over chunks of rows reduces the data to a (k + 2)²
    /// triangle by TSQR (the Householder reduction of <see cref="Fit(double[][], double[])"/>, shifted by the first
    /// chunk's means instead of the first 4,096 rows'; while this thread parses, each chunk's triangle is reduced on
    /// one of up to <see cref="Tensor.Threads"/> workers and the triangles merge in chunk order, so the result has
    /// the same bits for any thread count and equals the in-memory fit to rounding), which gives the coefficients,
    /// the rank check and the covariance; a second streaming pass computes the residual statistics of the summary (SSE, MAE,
    /// Durbin–Watson, R²).</para>
    /// <para><see cref="LinearSolver.GradientDescent"/>: the first fit of a file parses it once into a binary
    /// cache in <see cref="LinearRegressionOptions.CacheFolder"/> (row blocks of doubles, written atomically, keyed
    /// by the file's path, size, last-write time and columns; stale or corrupt caches are rebuilt); every fit then
    /// memory-maps the cache in bounded windows: one pass for the triangle (summary statistics) and the column
    /// scales of <see cref="LinearRegressionOptions.Standardize"/> (applied on the fly, block by block), one fused
    /// kernel pass per iteration, one pass for the residual statistics. The result equals the in-memory
    /// gradient-descent fit to rounding (the sums are blocked differently).</para>
    /// </summary>
    /// <param name="path">The CSV file (header row).</param>
    /// <param name="targetColumn">The header name of the target.</param>
    /// <param name="featureColumns">The features, or null for every other column.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">A cell is not a finite number (file, line and column), a column is
    /// missing, or there are no data rows.</exception>
    /// <exception cref="ArgumentException">No feature columns.</exception>
    /// <exception cref="NotSupportedException">The solver is <see cref="LinearSolver.StochasticGradientDescent"/>
    /// (its shuffled mini-batches need random access to every row: use <see cref="CsvData.Read"/>).</exception>
    /// <exception cref="RankDeficientException">The columns are collinear.</exception>
    /// <exception cref="TrainingDivergedException">Gradient descent diverged.</exception>
    /// <exception cref="IOException">The cache folder cannot be created or written.</exception>
    public LinearRegressionModel FitCsvStreaming(string path, string targetColumn, IReadOnlyList<string>? featureColumns = null) =>
        FitCsvInChunks(path, targetColumn, featureColumns, CsvData.DefaultChunkRows);

    /// <summary><see cref="RequireObservations(long, int)"/> for a file, before its binary cache is built (whose blocks
    /// are chunkRows·k doubles): reads one row at a time, and no further than the number of parameters.</summary>
    private void RequireObservations(string path, string targetColumn, IReadOnlyList<string>? featureColumns)
    {
        if (_options.RankDeficiency != RankDeficiency.Throw)
            return;
        long rows = 0;
        var k = 0;
        foreach (var row in CsvData.ReadChunks(path, targetColumn, featureColumns, 1))
        {
            k = row.Width - 1;
            if (++rows >= k + (_options.FitIntercept ? 1 : 0))
                return;
        }
        RequireObservations(rows, k);
    }

    /// <summary>The first pass of a streamed least-squares fit: the calling thread parses the chunks; each chunk's
    /// triangle is reduced on a worker (up to <see cref="Tensor.Threads"/> chunks in flight, at most one per core) and merged in chunk order,
    /// so the triangle is the same, bit for bit, for any thread count.</summary>
    internal StreamingTriangle ReduceChunks(string path, string targetColumn, IReadOnlyList<string>? featureColumns, int chunkRows,
        out string[] names, out int k)
    {
        // Each chunk in flight holds its own buffer (65,536 rows × (k + 1) doubles): more workers than cores would add
        // memory (about 100 MB a chunk at k = 200) and no speed, so the cores bound them too.
        var threads = Math.Min(Tensor.Threads, Environment.ProcessorCount);
        StreamingTriangle? triangle = null;
        names = [];
        k = 0;
        try
        {
            foreach (var chunk in CsvData.ReadChunks(path, targetColumn, featureColumns, chunkRows))
            {
                if (triangle is null)
                {
                    names = chunk.FeatureNames;
                    k = chunk.Width - 1;
                    if (k == 0)
                        MicroGradThrow.Argument_Empty(nameof(featureColumns), "column (feature)");
                    // A chunk shorter than chunkRows is the last one, so the whole file's row count is known before the
                    // O(k²) triangle exists; otherwise there are at least chunkRows rows, and the check after the pass
                    // decides.
                    if (chunk.Rows < chunkRows)
                        RequireObservations(chunk.Rows, k);
                    triangle = new StreamingTriangle(k, _options.FitIntercept);
                }
                triangle.AddChunk(chunk.Values, chunk.Width, threads);
            }
            triangle!.Complete();
            return triangle;
        }
        finally
        {
            // Waits for the chunks in flight when parsing failed (no worker outlives the fit); nothing is left otherwise.
            triangle?.Dispose();
        }
    }

    internal LinearRegressionModel FitCsvInChunks(string path, string targetColumn, IReadOnlyList<string>? featureColumns, int chunkRows)
    {
        var o = _options;
        if (o.Solver == LinearSolver.StochasticGradientDescent)
            MicroGradThrow.NotSupported_Streaming(o.Solver);
        if (o.Solver == LinearSolver.GradientDescent)
            return FitCached(path, targetColumn, featureColumns, chunkRows);
        var triangle = ReduceChunks(path, targetColumn, featureColumns, chunkRows, out var names, out var k);
        var acc = triangle.Accumulator;
        RequireObservations(acc.Rows, k);
        var fit = FactorTriangle(acc, triangle.Shift, triangle.YShift, names, targetColumn);
        double intercept;
        double[] beta;
        if (o.L2 > 0)
        {
            var sds = new double[k];
            for (var j = 0; j < k; j++)
            {
                var sd = triangle.StandardDeviation(j);
                sds[j] = o.Standardize && sd > 0 ? sd : 1.0;
            }
            beta = Ridge(acc, triangle.Shift, triangle.YShift, sds, out intercept);
        }
        else
        {
            beta = SolveTriangle(fit, out intercept);
        }

        // The statistics pass re-reads the file; a QR solution is refined by the same passes (at most
        // LeastSquares.RefinementPasses; one more than before only when the correction is above the last bit).
        var residuals = RefinedResiduals(ref fit, ref intercept, ref beta, r =>
        {
            foreach (var chunk in CsvData.ReadChunks(path, targetColumn, featureColumns, chunkRows))
                r.AddInterleaved(chunk.Values, chunk.Width);
        });
        return Model(fit, residuals, intercept, beta, names, [], targetColumn);
    }
}
