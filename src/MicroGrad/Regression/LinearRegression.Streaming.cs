using MicroGrad.Data;

namespace MicroGrad.Regression;

public sealed partial class LinearRegression
{
    /// <summary>Files larger than this many bytes (256 MiB) are fitted by <see cref="FitCsvStreaming"/> when
    /// <see cref="FitCsv"/> uses the <see cref="LinearSolver.Qr"/> solver.</summary>
    public const long StreamingThresholdBytes = 256L << 20;

    /// <summary>
    /// Least squares from a CSV file without loading it: one streaming pass over chunks of rows reduces the data to
    /// a (k + 2)² triangle by TSQR (the same arithmetic as <see cref="Fit(double[][], double[])"/>, shifted by the
    /// first chunk's means instead of the first 4,096 rows'), which gives the coefficients, the rank check and the
    /// covariance; a second streaming pass computes the residual statistics of the summary (SSE, MAE,
    /// Durbin–Watson, R²). Memory is O(chunk·k), independent of the file's length.
    /// </summary>
    /// <param name="path">The CSV file (header row).</param>
    /// <param name="targetColumn">The header name of the target.</param>
    /// <param name="featureColumns">The features, or null for every other column.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">A cell is not a finite number (file, line and column), a column is
    /// missing, or there are no data rows.</exception>
    /// <exception cref="ArgumentException">No feature columns.</exception>
    /// <exception cref="NotSupportedException">The solver is not <see cref="LinearSolver.Qr"/> (gradient descent
    /// needs the data in memory: use <see cref="CsvData.Read"/>).</exception>
    /// <exception cref="RankDeficientException">The columns are collinear.</exception>
    public LinearRegressionModel FitCsvStreaming(string path, string targetColumn, IReadOnlyList<string>? featureColumns = null) =>
        FitCsvInChunks(path, targetColumn, featureColumns, CsvData.DefaultChunkRows);

    internal LinearRegressionModel FitCsvInChunks(string path, string targetColumn, IReadOnlyList<string>? featureColumns, int chunkRows)
    {
        var o = _options;
        if (o.Solver != LinearSolver.Qr)
            RegressionThrowHelper.NotSupported_Streaming(o.Solver);
        var centre = o.FitIntercept;
        TsqrAccumulator? acc = null;
        double[] shift = [];
        double yShift = 0;
        double[] sum = [], sumSquares = [];
        string[] names = [];
        var k = 0;
        double[] row = [];
        foreach (var chunk in CsvData.ReadChunks(path, targetColumn, featureColumns, chunkRows))
        {
            var values = chunk.Values;
            if (acc is null)
            {
                names = chunk.FeatureNames;
                k = chunk.Width - 1;
                if (k == 0)
                    RegressionThrowHelper.Argument_Empty(nameof(featureColumns), "column (feature)");
                shift = new double[k];
                if (centre)
                {
                    for (var j = 0; j < k; j++)
                        shift[j] = StridedMean(values, j, chunk.Width);
                    yShift = StridedMean(values, k, chunk.Width);
                }
                sum = new double[k];
                sumSquares = new double[k];
                acc = new TsqrAccumulator(LeastSquares.AccumulatorColumns(k, centre));
                row = new double[acc.Columns];
            }
            for (var i = 0; i < chunk.Rows; i++)
            {
                var r = values.Slice(i * chunk.Width, chunk.Width);
                for (var j = 0; j < k; j++)
                {
                    var d = r[j] - shift[j];
                    sum[j] += d;
                    sumSquares[j] += d * d;
                }
                LeastSquares.AccumulatorRow(r[..k], r[k], centre, shift, yShift, row);
                acc.Add(row);
            }
        }
        var fit = FactorTriangle(acc!, shift, yShift, names);
        double intercept;
        double[] beta;
        if (o.L2 > 0)
        {
            var n = acc!.Rows;
            var sds = new double[k];
            for (var j = 0; j < k; j++)
            {
                var mean = sum[j] / n;
                var sd = Math.Sqrt(Math.Max(0, sumSquares[j] / n - mean * mean));
                sds[j] = o.Standardize && sd > 0 ? sd : 1.0;
            }
            beta = Ridge(acc, shift, yShift, sds, out intercept);
        }
        else
        {
            beta = SolveTriangle(fit, out intercept);
        }

        var residuals = new ResidualAccumulator(intercept, beta, centre, fit.Design.YMean);
        foreach (var chunk in CsvData.ReadChunks(path, targetColumn, featureColumns, chunkRows))
            residuals.AddInterleaved(chunk.Values, chunk.Width);
        return Model(fit, residuals, intercept, beta, names, [], targetColumn);
    }

    /// <summary>Refined mean of column j of row-major values of the given width.</summary>
    private static double StridedMean(ReadOnlySpan<double> values, int j, int width)
    {
        var rows = values.Length / width;
        var s = 0.0;
        for (var i = 0; i < rows; i++)
            s += values[i * width + j];
        var mean = s / rows;
        var correction = 0.0;
        for (var i = 0; i < rows; i++)
            correction += values[i * width + j] - mean;
        return mean + correction / rows;
    }
}
