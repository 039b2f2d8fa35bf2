namespace MicroGrad.Regression;

/// <summary>
/// A least-squares fit that merges: the rows seen so far reduced to the triangle R of [1 | X − s | y − s_y] (TSQR;
/// without an intercept, of [X | y]) and their count n. Accumulators filled on other threads, processes or machines
/// merge into the one fit of all their rows (<see cref="LinearRegression.Fit(LinearRegressionAccumulator)"/>), and
/// travel as bytes (<see cref="ToBytes"/>, <see cref="FromBytes"/>). Memory is O((k + 2)²) whatever the number of rows:
/// the triangle and a block of 256 pending rows, p² + 256p doubles with p = k + 2 (0.3 MB at k = 100).
/// </summary>
/// <remarks>
/// <para>The shift s (and s_y) is the mean of the first ≤ 4,096 rows of the first <see cref="Add"/>, as the in-memory
/// <see cref="LinearRegression.Fit(double[][], double[])"/> takes it, so that x − s stays small and no digits are lost
/// to an offset; any shift gives the same fit in exact arithmetic. Merging re-expresses the other side in this side's
/// shift exactly (only R's row 0 changes) and reduces the two stacked triangles by Householder QR.</para>
/// <para>What a merged fit gives equals the single fit of all rows up to rounding (coefficients, standard errors, R²,
/// F, AIC/BIC, the residual SD), but it is not refined (there are no rows to refine with): on ill-conditioned data it
/// keeps the QR's digits where the single fit reaches the limit of the doubles. The statistics that need the residuals in order (Durbin–Watson, MAE, robust standard
/// errors) are NaN and named in <see cref="RegressionSummary.Undefined"/>.</para>
/// <para>Not thread-safe: use one accumulator per partition (thread, task, machine) and merge them afterwards.</para>
/// </remarks>
public sealed partial class LinearRegressionAccumulator
{
    /// <summary>The largest feature count (k): the byte image of k = 16,384 is about 1 GiB.</summary>
    public const int MaxFeatureCount = 1 << 14;

    private readonly double[] _shift;
    private double _yShift;
    private TsqrAccumulator _triangle;

    /// <summary>Creates an empty accumulator for rows of <paramref name="featureCount"/> features.</summary>
    /// <param name="featureCount">k, the number of features (1 ≤ k ≤ <see cref="MaxFeatureCount"/>).</param>
    /// <param name="fitIntercept">Whether the fit has an intercept (then the triangle has the ones column, and the
    /// estimator's <see cref="LinearRegressionOptions.FitIntercept"/> must agree).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="featureCount"/> is outside [1, <see cref="MaxFeatureCount"/>].</exception>
    public LinearRegressionAccumulator(int featureCount, bool fitIntercept = true)
    {
        if (featureCount is < 1 or > MaxFeatureCount)
            MicroGradThrow.ArgumentOutOfRange(nameof(featureCount), featureCount, "a feature count in [1, 16384]");
        FeatureCount = featureCount;
        FitIntercept = fitIntercept;
        _shift = new double[featureCount];
        _triangle = new TsqrAccumulator(LeastSquares.AccumulatorColumns(featureCount, fitIntercept));
    }

    /// <summary>k, the number of features of every row.</summary>
    public int FeatureCount { get; }

    /// <summary>Whether the triangle has the ones column (a fit with an intercept).</summary>
    public bool FitIntercept { get; }

    /// <summary>n, the rows added and merged so far.</summary>
    public long Rows => _triangle.Rows;

    /// <summary>Adds rows: each row [1, x − s, y − s_y] goes into the triangle by blocked Householder reflections.
    /// The first rows ever added (up to 4,096) set the shift s. No rows (empty <paramref name="x"/> and
    /// <paramref name="y"/>) change nothing. The rows are checked before any is added, so a bad row adds none.</summary>
    /// <param name="x">The features, one row of <see cref="FeatureCount"/> values per observation (not retained).</param>
    /// <param name="y">One target per row.</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/>, <paramref name="y"/> or a row is null.</exception>
    /// <exception cref="ArgumentException">Rows not <see cref="FeatureCount"/> wide, ragged rows, a length mismatch
    /// between x and y, or a NaN/∞.</exception>
    public void Add(double[][] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length == 0)
        {
            RegressionInput.Vector(y, nameof(y), 0, "one target per row of x", requireFinite: false);
            return;
        }
        var k = RegressionInput.Matrix(x, nameof(x), requireFinite: true);
        if (k != FeatureCount)
            MicroGradThrow.Argument_AccumulatorRowWidth(nameof(x), k, FeatureCount);
        RegressionInput.Vector(y, nameof(y), x.Length, "one target per row of x", requireFinite: true);
        if (Rows == 0 && FitIntercept)
        {
            var head = Math.Min(x.Length, LeastSquares.ShiftRows);
            ColumnStatistics.Means(x.AsSpan(0, head)).CopyTo(_shift, 0);
            _yShift = ColumnStatistics.Mean(y.AsSpan(0, head));
        }
        var p = _triangle.Columns;
        Span<double> row = p <= 256 ? stackalloc double[p] : new double[p];
        for (var i = 0; i < x.Length; i++)
        {
            LeastSquares.AccumulatorRow(x[i], y[i], FitIntercept, _shift, _yShift, row);
            _triangle.Add(row);
        }
    }

    /// <summary>
    /// Merges the rows of <paramref name="other"/> into this accumulator (<paramref name="other"/> keeps its rows).
    /// An empty side is the identity. Otherwise the other triangle is re-expressed in this shift, exactly: its rows
    /// [1 | X − s′] equal [1 | X − s]·U, and since R′'s first column is (R′₀₀, 0, …, 0) only its row 0 changes,
    /// R′₀ⱼ += (s′ⱼ − sⱼ)·R′₀₀ (the y column likewise with s′_y − s_y). The two triangles are then stacked and reduced
    /// by Householder QR, the merge step of TSQR (Demmel, Grigori, Hoemmen and Langou, "Communication-optimal
    /// parallel and sequential QR and LU factorizations", SIAM J. Sci. Comput. 34 (2012)), and the counts add.
    /// Exact in exact arithmetic, so any order or tree of merges gives the same fit up to rounding (and the same bits
    /// for the same order).
    /// </summary>
    /// <remarks><c>a.Merge(a)</c> reads a snapshot of <c>a</c> first and so doubles its rows: the fit of every row
    /// twice (the same coefficients, n doubled).</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException">The accumulators differ in <see cref="FeatureCount"/> or
    /// <see cref="FitIntercept"/>.</exception>
    /// <exception cref="OverflowException">The two row counts add up to more than <see cref="long.MaxValue"/>.</exception>
    public void Merge(LinearRegressionAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.FeatureCount != FeatureCount || other.FitIntercept != FitIntercept)
            MicroGradThrow.Argument_AccumulatorShape(nameof(other), FeatureCount, FitIntercept, other.FeatureCount, other.FitIntercept);
        var n = other.Rows;
        if (n == 0)
            return;
        if (n > long.MaxValue - Rows)
            MicroGradThrow.Overflow_AccumulatorRows(Rows, n);
        var p = _triangle.Columns;
        // A snapshot: with other == this, the triangle below is read while this one's is being reduced.
        var r = (double[])other._triangle.R().Clone();
        if (Rows == 0)
        {
            other._shift.CopyTo(_shift, 0);
            _yShift = other._yShift;
            _triangle = TsqrAccumulator.FromTriangle(p, r, n);
            return;
        }
        if (FitIntercept)
        {
            var r00 = r[0];
            for (var j = 0; j < FeatureCount; j++)
                r[(1 + j) * p] += (other._shift[j] - _shift[j]) * r00;
            r[(p - 1) * p] += (other._yShift - _yShift) * r00;
        }
        _triangle.AddTriangle(r, n);
    }

    /// <summary>The triangle with no pending rows, for <see cref="LinearRegression.Fit(LinearRegressionAccumulator)"/>.</summary>
    internal TsqrAccumulator Triangle
    {
        get
        {
            _triangle.R();
            return _triangle;
        }
    }

    /// <summary>The shift s (zeros without an intercept).</summary>
    internal double[] Shift => _shift;

    /// <summary>The target's shift s_y (0 without an intercept).</summary>
    internal double YShift => _yShift;
}
