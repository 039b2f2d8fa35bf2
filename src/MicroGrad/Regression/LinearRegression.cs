using System.Globalization;
using MicroGrad.Data;

namespace MicroGrad.Regression;

/// <summary>
/// Ordinary least squares (optionally ridge) linear regression ŷ = b + x·β, fitted by Householder QR (default) or
/// gradient descent, with the statistics of statsmodels' OLS summary.
/// </summary>
/// <example><code>
/// var model = new LinearRegression(new LinearRegressionOptions()).Fit(x, y);
/// Console.WriteLine(model.Summary);
/// </code></example>
public sealed partial class LinearRegression
{
    private readonly LinearRegressionOptions _options;

    /// <summary>Creates an estimator with the given options.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (a non-positive learning rate or batch
    /// size, negative iterations, tolerance or L2, a zero seed, an unknown solver).</exception>
    public LinearRegression(LinearRegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Solver))
            MicroGradThrow.ArgumentOutOfRange(nameof(options.Solver), options.Solver, "a LinearSolver value");
        if (!Enum.IsDefined(options.RankDeficiency))
            MicroGradThrow.ArgumentOutOfRange(nameof(options.RankDeficiency), options.RankDeficiency, "a RankDeficiency value");
        if (!Enum.IsDefined(options.Covariance))
            MicroGradThrow.ArgumentOutOfRange(nameof(options.Covariance), options.Covariance, "a CovarianceType value");
        if (!Enum.IsDefined(options.Streaming))
            MicroGradThrow.ArgumentOutOfRange(nameof(options.Streaming), options.Streaming, "a StreamingMode value");
        if (!(options.LearningRate > 0) || !double.IsFinite(options.LearningRate))
            MicroGradThrow.ArgumentOutOfRange(nameof(options.LearningRate), options.LearningRate, "a positive finite learning rate");
        if (options.MaxIterations < 0)
            MicroGradThrow.ArgumentOutOfRange(nameof(options.MaxIterations), options.MaxIterations, "a non-negative number of iterations");
        if (!(options.Tolerance >= 0))
            MicroGradThrow.ArgumentOutOfRange(nameof(options.Tolerance), options.Tolerance, "a tolerance >= 0 (0 disables early stopping)");
        if (options.BatchSize <= 0)
            MicroGradThrow.ArgumentOutOfRange(nameof(options.BatchSize), options.BatchSize, "a positive batch size");
        if (!(options.L2 >= 0) || !double.IsFinite(options.L2))
            MicroGradThrow.ArgumentOutOfRange(nameof(options.L2), options.L2, "a finite L2 penalty >= 0");
        if (options.Seed == 0)
            MicroGradThrow.ArgumentOutOfRange(nameof(options.Seed), options.Seed, "a non-zero seed (0 is a fixed point of xorshift)");
        if (!(options.RankTolerance >= 0 && options.RankTolerance < 1))
            MicroGradThrow.ArgumentOutOfRange(nameof(options.RankTolerance), options.RankTolerance, "a rank tolerance in [0, 1)");
        _options = options;
    }

    /// <summary>The options of this estimator.</summary>
    public LinearRegressionOptions Options => _options;

    /// <summary>Fits ŷ = b + x·β to the rows of <paramref name="x"/>, naming the features x1, x2, ….</summary>
    /// <inheritdoc cref="Fit(double[][], double[], IReadOnlyList{string}, string)"/>
    public LinearRegressionModel Fit(double[][] x, double[] y) => Fit(x, y, null, null);

    /// <summary>Fits a data set (for example from <see cref="CsvData.Read"/>), naming the features and the target as
    /// the data does.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">No rows, or a NaN/∞ in the data.</exception>
    /// <exception cref="RankDeficientException">The columns are collinear (see <see cref="LinearRegressionOptions.RankDeficiency"/>).</exception>
    /// <exception cref="ArithmeticException">Gradient descent diverged.</exception>
    public LinearRegressionModel Fit(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Fit(data.Features, data.Target, data.FeatureNames, data.TargetName);
    }

    /// <summary>Reads a CSV file with a header row and fits <paramref name="targetColumn"/> on the other columns (or
    /// on <paramref name="featureColumns"/>): in memory by <see cref="CsvData.Read"/>, or out of core by
    /// <see cref="FitCsvStreaming"/> (same results to rounding, bounded memory) when <see cref="IsStreamed"/> says so
    /// (<see cref="LinearRegressionOptions.Streaming"/>: by default for a file larger than
    /// <see cref="StreamingThresholdBytes"/>). <see cref="LinearSolver.StochasticGradientDescent"/> always reads the
    /// file into memory.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="targetColumn">The header name of the target.</param>
    /// <param name="featureColumns">The features, or null for every other column.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">A cell is not a number (the message gives file, line and column), or a
    /// column is missing.</exception>
    /// <exception cref="RankDeficientException">The columns are collinear.</exception>
    /// <exception cref="TrainingDivergedException">Gradient descent diverged.</exception>
    public LinearRegressionModel FitCsv(string path, string targetColumn, IReadOnlyList<string>? featureColumns = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return IsStreamed(path)
            ? FitCsvStreaming(path, targetColumn, featureColumns)
            : Fit(CsvData.Read(path, targetColumn, featureColumns));
    }

    /// <summary>Whether <see cref="FitCsv"/> fits this file out of core with these options: the file exists, the
    /// solver is not <see cref="LinearSolver.StochasticGradientDescent"/>, and <see cref="LinearRegressionOptions.Streaming"/>
    /// is <see cref="StreamingMode.Always"/>, or <see cref="StreamingMode.Auto"/> and the file is larger than
    /// <see cref="StreamingThresholdBytes"/>. A caller that needs the rows afterwards (to plot them, say) can read
    /// the file itself when this is false.</summary>
    /// <param name="path">The CSV file.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public bool IsStreamed(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _options.Solver != LinearSolver.StochasticGradientDescent && File.Exists(path) && _options.Streaming switch
        {
            StreamingMode.Always => true,
            StreamingMode.Never => false,
            _ => new FileInfo(path).Length > StreamingThresholdBytes,
        };
    }

    /// <summary>Fits ŷ = b + x·β to the rows of <paramref name="x"/> (n×k) and targets <paramref name="y"/>.</summary>
    /// <param name="x">The features, one row per observation (not modified, not retained).</param>
    /// <param name="y">The n targets.</param>
    /// <param name="featureNames">Names for the k columns (used in the summary and in error messages); null for x1,
    /// x2, ….</param>
    /// <param name="targetName">Name of the target for the summary; null for <c>y</c>.</param>
    /// <returns>The fitted model with its <see cref="LinearRegressionModel.Summary"/>.</returns>
    /// <remarks>With <see cref="LinearSolver.Qr"/>, full rank and no L2 penalty the solution is refined to the accuracy
    /// the doubles allow: the residual pass the summary needs computes the residuals, SSE, TSS and Xᵀr in
    /// double-double, and corrections (corrected seminormal equations with the fit's triangle, or a double-double
    /// Cholesky of the Gram matrix for small or ill-conditioned data, which then also gives the standard errors) are
    /// applied while they change the solution and lower SSE, for at most five passes; on large data a correction too
    /// small to change SSE as a double is taken without another pass (so at N = 10⁶ there is one pass). On the nine
    /// NIST StRD linear sets measured every certified value then matches exact least squares on the same doubles to
    /// within a tenth of a digit. Gradient descent, SGD, ridge and the minimum-norm solution of a rank-deficient
    /// design are not refined: none of them is the least-squares solution of the rows.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="x"/>, <paramref name="y"/> or a row is null.</exception>
    /// <exception cref="ArgumentException">No rows or no columns, ragged rows, a length mismatch between x, y and
    /// the names, or a NaN/∞ in the data.</exception>
    /// <exception cref="RankDeficientException">The columns are collinear (and
    /// <see cref="LinearRegressionOptions.RankDeficiency"/> is <see cref="RankDeficiency.Throw"/>); the message
    /// names the collinear columns.</exception>
    /// <exception cref="TrainingDivergedException">Gradient descent diverged (the message suggests a smaller learning rate
    /// or <see cref="LinearRegressionOptions.Standardize"/>).</exception>
    public LinearRegressionModel Fit(double[][] x, double[] y, IReadOnlyList<string>? featureNames, string? targetName = null)
    {
        var k = RegressionInput.Matrix(x, nameof(x), requireFinite: true);
        RegressionInput.Vector(y, nameof(y), x.Length, "one target per row of x", requireFinite: true);
        var names = Names(featureNames, k);
        RequireObservations(x.Length, k);
        var o = _options;

        // One pass reduces [1 | X − x̄ | y − ȳ] to a (k + 2)² triangle: the solver for Qr and, for every solver, the
        // rank check, the covariance and the condition number of the summary.
        var acc = LeastSquares.Accumulate(x, y, o.FitIntercept, out var shift, out var yShift);
        var fit = FactorTriangle(acc, shift, yShift, names, targetName ?? "y");
        double[] beta;
        double intercept;
        double[] history = [];
        if (o.Solver == LinearSolver.Qr)
        {
            beta = o.L2 > 0
                ? Ridge(acc, shift, yShift, ColumnScales(x).Sds, out intercept)
                : SolveTriangle(fit, out intercept);
        }
        else
        {
            beta = Descend(x, y, out intercept, out history);
        }
        var residuals = RefinedResiduals(ref fit, ref intercept, ref beta, r => r.Add(x, y));
        return Model(fit, residuals, intercept, beta, names, history, targetName);
    }

    /// <summary>
    /// Fewer rows than parameters (k features and the intercept) make the design rank deficient whatever the columns
    /// hold: with <see cref="RankDeficiency.Throw"/>, say so before the (k + 2)² triangle is allocated and factored,
    /// which for a wide file costs O(k³) time and O(k²) memory. n = k + 1 is allowed: an exact fit, as statsmodels
    /// gives, with df_resid = 0 and the undefined statistics named in the summary.
    /// </summary>
    private void RequireObservations(long n, int k)
    {
        var o = _options;
        if (o.RankDeficiency == RankDeficiency.Throw && n < k + (o.FitIntercept ? 1L : 0L))
            MicroGradThrow.RankDeficient_TooFewObservations(n, k, o.FitIntercept);
    }

    /// <summary>Ridge by the augmented triangle: k extra rows √(n·λ)·sdⱼ·eⱼ (sdⱼ = 1 without Standardize) appended
    /// to the data's, so the penalty λ·Σ(sdⱼβⱼ)² applies to the standardised coefficients; no rank cut.</summary>
    private double[] Ridge(TsqrAccumulator data, double[] shift, double yShift, double[] sds, out double intercept)
    {
        var o = _options;
        var n = data.Rows;
        var acc = data.Clone();
        var offset = o.FitIntercept ? 1 : 0;
        var row = new double[acc.Columns];
        for (var j = 0; j < sds.Length; j++)
        {
            Array.Clear(row);
            row[offset + j] = Math.Sqrt(n * o.L2) * sds[j];
            acc.Add(row);
        }
        // The extra rows have 0 in the ones column, so R's first row (and with it the means) is unchanged.
        var design = LeastSquares.FromTriangle(acc.R(), acc.Columns, o.FitIntercept, n, shift, yShift, 0);
        var qr = LeastSquares.Factor(design, 0);
        return LeastSquares.Solve(qr, design, out intercept);
    }

    private double[] Descend(double[][] x, double[] y, out double intercept, out double[] history)
    {
        var o = _options;
        var k = x[0].Length;
        var flat = StandardizedRowMajor(x, out var means, out var sds);
        var beta = new double[k];
        history = o.Solver == LinearSolver.GradientDescent
            ? GradientDescentSolver.FullBatch(flat, y, k, o.FitIntercept, o, beta, out intercept)
            : GradientDescentSolver.Stochastic(flat, y, k, o.FitIntercept, o, beta, out intercept);
        return ToOriginalUnits(beta, ref intercept, means, sds);
    }

    /// <summary>The row-major copy the gradient kernels read (made once per fit), standardised as
    /// <see cref="ColumnScales"/> says.</summary>
    private double[] StandardizedRowMajor(double[][] x, out double[] means, out double[] sds)
    {
        var n = x.Length;
        var k = x[0].Length;
        (means, sds) = ColumnScales(x);
        var flat = new double[n * k];
        for (var i = 0; i < n; i++)
        {
            var row = x[i];
            var target = flat.AsSpan(i * k, k);
            for (var j = 0; j < k; j++)
                target[j] = (row[j] - means[j]) / sds[j];
        }
        return flat;
    }

    /// <summary>z = (x − mean)/sd column by column (no centring without an intercept); means 0 and sds 1 when
    /// <see cref="LinearRegressionOptions.Standardize"/> is off.</summary>
    private (double[] Means, double[] Sds) ColumnScales(double[][] x)
    {
        var k = x[0].Length;
        var means = new double[k];
        var sds = new double[k];
        sds.AsSpan().Fill(1.0);
        if (!_options.Standardize)
            return (means, sds);
        for (var j = 0; j < k; j++)
        {
            var (mean, sd) = ColumnStatistics.MeanAndStandardDeviation(x, j);
            sds[j] = sd > 0 ? sd : 1.0;
            means[j] = _options.FitIntercept ? mean : 0.0;
        }
        return (means, sds);
    }

    private static double[] ToOriginalUnits(double[] beta, ref double intercept, double[] means, double[] sds)
    {
        for (var j = 0; j < beta.Length; j++)
        {
            beta[j] /= sds[j];
            intercept -= beta[j] * means[j];
        }
        return beta;
    }

    private static IReadOnlyList<string> Names(IReadOnlyList<string>? featureNames, int k)
    {
        if (featureNames is null)
        {
            var names = new string[k];
            for (var j = 0; j < k; j++)
                names[j] = "x" + (j + 1).ToString(CultureInfo.InvariantCulture);
            return names;
        }
        if (featureNames.Count != k)
            MicroGradThrow.Argument_LengthMismatch(nameof(featureNames), featureNames.Count, k, "one name per column of x");
        return featureNames;
    }
}
