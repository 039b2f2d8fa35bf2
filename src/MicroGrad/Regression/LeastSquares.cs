namespace MicroGrad.Regression;

/// <summary>
/// Least squares through the centred, column-scaled design: with an intercept, β solves min ‖(y − ȳ) − (X − x̄)β‖ and
/// b = ȳ − x̄·β (exact, and far better conditioned than appending a column of ones: Longley's κ drops from 5·10⁹ to
/// about 10³ after centring and scaling). Columns are scaled to unit norm before the pivoted QR, so the rank test
/// does not depend on the units of the features.
/// </summary>
/// <remarks>
/// The data are reduced in one pass to a small triangle by <see cref="TsqrAccumulator"/>: the rows
/// [1, x − s, y − s_y] (the 1 and the shift s only with an intercept) give R of size (k + 2)². s is any shift close to
/// the means (those of the first <see cref="ShiftRows"/> rows, or of the first chunk when streaming): the trailing block of R is then the
/// R of the exactly centred [X − x̄ | y − ȳ] (projecting out the ones column is centring), the means come out of R's
/// first row, and x − s stays small, so no digits are lost to the offset. Everything after that — scaling, the
/// pivoted QR that finds the rank, the solve, the covariance — works on k×k matrices.
/// </remarks>
internal static partial class LeastSquares
{
    /// <summary>The design as the solver sees it: the k×k triangle of the centred columns, scaled.</summary>
    internal sealed class Design
    {
        /// <summary>Rows of <see cref="Scaled"/> (k).</summary>
        public required int Rows { get; init; }

        public required int Columns { get; init; }

        public required bool Centred { get; init; }

        /// <summary>Observations n.</summary>
        public required long Observations { get; init; }

        /// <summary>Σwᵢ, the sum of the weights (<see cref="Observations"/> without weights): the intercept's
        /// variance has 1/Σwᵢ where ordinary least squares has 1/n.</summary>
        public double WeightSum { get; init; }

        /// <summary>Column means (zeros without an intercept); weighted means with weights.</summary>
        public required double[] Means { get; init; }

        /// <summary>Mean of y (0 without an intercept).</summary>
        public required double YMean { get; init; }

        /// <summary>Norms of the centred columns (1 for an all-zero centred column).</summary>
        public required double[] Norms { get; init; }

        /// <summary>R of the centred columns, each divided by <see cref="Norms"/> (k×k, column-major).</summary>
        public required double[] Scaled { get; init; }

        /// <summary>Q₁ᵀ(y − ȳ), the target projected on the same orthonormal basis as <see cref="Scaled"/>.</summary>
        public required double[] Projected { get; init; }
    }

    /// <summary>Columns of the accumulator for k features: [1 |] x₁ … x_k | y.</summary>
    public static int AccumulatorColumns(int k, bool centre) => k + (centre ? 2 : 1);

    /// <summary>Writes the accumulator row [1, x − s, y − s_y] (without the 1 and the shifts when not centring).</summary>
    public static void AccumulatorRow(ReadOnlySpan<double> x, double y, bool centre, ReadOnlySpan<double> shift, double yShift, Span<double> row)
    {
        var o = centre ? 1 : 0;
        if (centre)
        {
            row[0] = 1.0;
            for (var j = 0; j < x.Length; j++)
                row[1 + j] = x[j] - shift[j];
        }
        else
        {
            x.CopyTo(row[..x.Length]);
        }
        row[o + x.Length] = y - yShift;
    }

    /// <summary>Rows whose means shift the data before the reduction (all of them for smaller data).</summary>
    public const int ShiftRows = 4096;

    /// <summary>Reduces in-memory rows (validated) to their triangle in one pass, shifting by the means of the first
    /// <see cref="ShiftRows"/> rows; with <paramref name="weights"/> each row is whitened, multiplied by √wᵢ (weighted
    /// least squares is ordinary least squares on the whitened rows, statsmodels' <c>WLS.whiten</c>; √1 = 1 exactly, so
    /// unit weights give the unweighted triangle bit for bit).</summary>
    public static TsqrAccumulator Accumulate(double[][] x, double[] y, bool centre, out double[] shift, out double yShift,
        double[]? weights = null)
    {
        var k = x[0].Length;
        var head = Math.Min(x.Length, ShiftRows);
        shift = centre ? ColumnStatistics.Means(x.AsSpan(0, head)) : new double[k];
        yShift = centre ? ColumnStatistics.Mean(y.AsSpan(0, head)) : 0.0;
        var acc = new TsqrAccumulator(AccumulatorColumns(k, centre));
        Span<double> row = stackalloc double[acc.Columns];
        for (var i = 0; i < x.Length; i++)
        {
            AccumulatorRow(x[i], y[i], centre, shift, yShift, row);
            if (weights is not null)
            {
                var root = Math.Sqrt(weights[i]);
                foreach (ref var v in row)
                    v *= root;
            }
            acc.Add(row);
        }
        return acc;
    }

    /// <summary>The design from the triangle R of [1 | X − s | y − s_y] (or [X | y]).</summary>
    public static Design FromTriangle(double[] r, int p, bool centre, long n, ReadOnlySpan<double> shift, double yShift, double tolerance,
        double weightSum = double.NaN)
    {
        var o = centre ? 1 : 0;
        var k = p - o - 1;
        var means = new double[k];
        var norms = new double[k];
        var scaled = new double[k * k];
        var projected = new double[k];
        // R[0, j]/R[0, 0] is the mean of column j − s_j: the first column of Q is the ones column over R[0, 0].
        var yMean = centre ? yShift + r[(p - 1) * p] / r[0] : 0.0;
        for (var j = 0; j < k; j++)
        {
            var col = (o + j) * p;
            // Scaled norms: a column near 1e300 (or 1e-300) has squares beyond double's range.
            var norm = PivotedQr.Norm(r.AsSpan(col + o, j + 1));
            var rawNorm = norm;
            if (centre)
            {
                means[j] = shift[j] + r[col] / r[0];
                // The uncentred column x_j = (x_j − s_j) + s_j·1 has R-column R[:, j] + s_j·R[:, 0].
                rawNorm = double.Hypot(r[col] + shift[j] * r[0], norm);
            }
            if (norm <= tolerance * rawNorm)
            {
                // A constant column leaves rounding noise after centring; unit scaling would blow the noise up into
                // a spurious independent column. Zeroing its R-column is exact: x_j = Q·R[:, j] becomes 0.
                norm = 0;
            }
            norms[j] = norm > 0 ? norm : 1.0;
            if (norm > 0)
            {
                for (var i = 0; i <= j; i++)
                    scaled[j * k + i] = r[col + o + i] / norm;
            }
            projected[j] = r[(p - 1) * p + o + j];
        }
        return new Design
        {
            Rows = k, Columns = k, Centred = centre, Observations = n, WeightSum = double.IsNaN(weightSum) ? n : weightSum, Means = means, YMean = yMean, Norms = norms,
            Scaled = scaled, Projected = projected,
        };
    }

    /// <summary>2⁻⁵⁰⁰: a norm between this and its reciprocal has a square that a double holds with full precision
    /// (a normal number), and so do the sums of squares of the residuals within it, unless the fit is nearly exact.</summary>
    public static readonly double SmallestSquarable = Math.ScaleB(1.0, -500);

    /// <summary>The first column of the triangle R (p×p, column-major) holding a NaN or ±∞, or −1.</summary>
    public static int FirstNonFiniteColumn(double[] r, int p)
    {
        for (var j = 0; j < p; j++)
        {
            for (var i = 0; i <= j; i++)
            {
                if (!double.IsFinite(r[j * p + i]))
                    return j;
            }
        }
        return -1;
    }

    /// <summary>
    /// κ = σ_max/σ_min of the raw design [1, X] (or X), statsmodels' condition number, from the triangle: its singular
    /// values are those of R with column j replaced by R[:, j] + s_j·R[:, 0] (undoing the shift), found by Jacobi.
    /// </summary>
    public static double ConditionNumber(double[] r, int p, bool centre, ReadOnlySpan<double> shift)
    {
        var q = p - 1; // without the y column
        var a = new double[q * q];
        for (var j = 0; j < q; j++)
        {
            for (var i = 0; i <= j; i++)
                a[j * q + i] = r[j * p + i];
            if (centre && j > 0)
            {
                // Row 0 only: R[:, 0] is (R₀₀, 0, …, 0).
                a[j * q] += shift[j - 1] * r[0];
            }
        }
        // κ does not change when the whole matrix is scaled: by a power of two near its largest entry (exact), so
        // that the rotations' sums of squares stay in range for columns near 1e300 (and undoing the shift, which can
        // overflow, makes κ infinite rather than NaN).
        var largest = 0.0;
        foreach (var v in a)
            largest = Math.Max(largest, Math.Abs(v));
        if (!double.IsFinite(largest))
            return double.PositiveInfinity;
        if (largest > 0)
        {
            var unit = Math.ScaleB(1.0, -Math.Max(Math.ILogB(largest), -1022));
            for (var i = 0; i < a.Length; i++)
                a[i] *= unit;
        }
        var s = JacobiSvd.SingularValues(a, q, q);
        double max = 0, min = double.PositiveInfinity;
        foreach (var v in s)
        {
            max = Math.Max(max, v);
            min = Math.Min(min, v);
        }
        return max / min;
    }


    public static PivotedQr Factor(Design d, double tolerance) =>
        PivotedQr.Factor((double[])d.Scaled.Clone(), d.Rows, d.Columns, tolerance);

    /// <summary>Solves with a full-rank factorisation; returns β in original units and the intercept (refined
    /// afterwards by <see cref="Correct"/>).</summary>
    public static double[] Solve(PivotedQr qr, Design d, out double intercept)
    {
        var c = (double[])d.Projected.Clone();
        qr.ApplyQTranspose(c);
        qr.SolveUpper(c);
        var beta = new double[d.Columns];
        for (var j = 0; j < d.Columns; j++)
            beta[qr.Pivot[j]] = c[j] / d.Norms[qr.Pivot[j]];
        intercept = d.Centred ? d.YMean - Dot(d.Means, beta) : 0.0;
        return beta;
    }

    /// <summary>√diag((XᵀX)⁻¹) in original units, intercept first when centred: slopes from the row norms of R⁻¹,
    /// intercept √(1/Σw + ‖R⁻ᵀ·a‖²) (Σw = n without weights) with a = D⁻¹x̄ pivoted (Var(ȳ − x̄·β) without forming the covariance). Square
    /// roots, not variances: a feature near 1e300 has a standard error near 1e-300, whose square is below double's
    /// range.</summary>
    public static double[] StandardErrorFactors(PivotedQr qr, Design d)
    {
        var k = d.Columns;
        var offset = d.Centred ? 1 : 0;
        var result = new double[k + offset];
        var rows = qr.InverseRowSquaredNorms();
        for (var j = 0; j < k; j++)
        {
            var q = qr.Pivot[j];
            result[offset + q] = Math.Sqrt(rows[j]) / d.Norms[q];
        }
        if (d.Centred)
        {
            var a = new double[k];
            for (var j = 0; j < k; j++)
                a[j] = d.Means[qr.Pivot[j]] / d.Norms[qr.Pivot[j]];
            qr.SolveUpperTranspose(a);
            result[0] = Math.Sqrt(1.0 / d.WeightSum + Dot(a, a));
        }
        return result;
    }

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
            s += a[i] * b[i];
        return s;
    }
}
