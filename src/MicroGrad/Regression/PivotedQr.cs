namespace MicroGrad.Regression;

/// <summary>
/// Householder QR with column pivoting (Businger–Golub): <c>A·P = Q·R</c> for an m×p matrix stored column-major, the
/// reflectors kept below the diagonal (LAPACK's <c>geqp3</c> layout). The seam the least-squares solver goes
/// through; a blocked version can replace <see cref="Factor"/> without touching its callers.
/// </summary>
/// <remarks>
/// At step j the remaining column with the largest norm moves to position j, so |R₀₀| ≥ |R₁₁| ≥ … and the columns that
/// are (nearly) combinations of earlier ones come last. The numerical rank is the number of diagonal entries with
/// |Rⱼⱼ| &gt; tolerance·|R₀₀|.
/// </remarks>
internal sealed class PivotedQr
{
    private PivotedQr(double[] qr, int rows, int columns, double[] tau, int[] pivot, int rank)
    {
        Packed = qr;
        Rows = rows;
        Columns = columns;
        Tau = tau;
        Pivot = pivot;
        Rank = rank;
    }

    /// <summary>R on and above the diagonal, the Householder vectors (implicit leading 1) below it; column-major.</summary>
    public double[] Packed { get; }

    public int Rows { get; }

    public int Columns { get; }

    public double[] Tau { get; }

    /// <summary><c>Pivot[j]</c> is the original index of the column at position j.</summary>
    public int[] Pivot { get; }

    public int Rank { get; }

    public double R(int i, int j) => Packed[j * Rows + i];

    /// <summary>Factors <paramref name="a"/> (m×p column-major, overwritten) with column pivoting.</summary>
    public static PivotedQr Factor(double[] a, int m, int p, double tolerance)
    {
        var steps = Math.Min(m, p);
        var tau = new double[p];
        var pivot = new int[p];
        for (var j = 0; j < p; j++)
            pivot[j] = j;
        var norms = new double[p];
        for (var j = 0; j < steps; j++)
        {
            // Exact norms of the trailing parts each step: O(m·p²) overall like the factorisation, and none of the
            // cancellation of norm downdating.
            var best = j;
            for (var c = j; c < p; c++)
            {
                norms[c] = Norm(a.AsSpan(c * m + j, m - j));
                if (norms[c] > norms[best])
                    best = c;
            }
            if (best != j)
            {
                SwapColumns(a, m, j, best);
                (pivot[j], pivot[best]) = (pivot[best], pivot[j]);
            }
            var x = a.AsSpan(j * m + j, m - j);
            var norm = Norm(x);
            if (norm == 0)
            {
                tau[j] = 0;
                continue;
            }
            var beta = x[0] > 0 ? -norm : norm;
            tau[j] = (beta - x[0]) / beta;
            var scale = 1.0 / (x[0] - beta);
            for (var i = 1; i < x.Length; i++)
                x[i] *= scale;
            x[0] = beta;
            for (var c = j + 1; c < p; c++)
                ApplyReflector(a.AsSpan(j * m + j, m - j), tau[j], a.AsSpan(c * m + j, m - j));
        }

        var rank = 0;
        var r00 = steps > 0 ? Math.Abs(a[0]) : 0;
        while (rank < steps && Math.Abs(a[rank * m + rank]) > tolerance * r00)
            rank++;
        return new PivotedQr(a, m, p, tau, pivot, rank);
    }

    /// <summary>Overwrites <paramref name="b"/> (length m) with Qᵀ·b.</summary>
    public void ApplyQTranspose(Span<double> b)
    {
        var steps = Math.Min(Rows, Columns);
        for (var j = 0; j < steps; j++)
            ApplyReflector(Packed.AsSpan(j * Rows + j, Rows - j), Tau[j], b[j..]);
    }

    /// <summary>Solves R₁₁·z = c for the leading <see cref="Rank"/>×<see cref="Rank"/> block (back substitution).</summary>
    public void SolveUpper(Span<double> c)
    {
        for (var i = Rank - 1; i >= 0; i--)
        {
            var s = c[i];
            for (var j = i + 1; j < Rank; j++)
                s -= R(i, j) * c[j];
            c[i] = s / R(i, i);
        }
    }

    /// <summary>Solves R₁₁ᵀ·u = c (forward substitution).</summary>
    public void SolveUpperTranspose(Span<double> c)
    {
        for (var i = 0; i < Rank; i++)
        {
            var s = c[i];
            for (var j = 0; j < i; j++)
                s -= R(j, i) * c[j];
            c[i] = s / R(i, i);
        }
    }

    /// <summary>Row sums of squares of R₁₁⁻¹: <c>result[i] = Σⱼ (R₁₁⁻¹)ᵢⱼ²</c>, the diagonal of (R₁₁ᵀR₁₁)⁻¹.</summary>
    public double[] InverseRowSquaredNorms()
    {
        var r = Rank;
        var result = new double[r];
        var column = new double[r];
        // Column j of R⁻¹ solves R·c = eⱼ; accumulate its squares into the rows.
        for (var j = 0; j < r; j++)
        {
            Array.Clear(column);
            column[j] = 1.0;
            for (var i = j; i >= 0; i--)
            {
                var s = column[i];
                for (var l = i + 1; l <= j; l++)
                    s -= R(i, l) * column[l];
                column[i] = s / R(i, i);
            }
            for (var i = 0; i <= j; i++)
                result[i] += column[i] * column[i];
        }
        return result;
    }

    private static void SwapColumns(double[] a, int m, int j, int best)
    {
        var cj = a.AsSpan(j * m, m);
        var cb = a.AsSpan(best * m, m);
        for (var i = 0; i < m; i++)
            (cj[i], cb[i]) = (cb[i], cj[i]);
    }

    /// <summary>c −= τ·v·(vᵀc) with v = (1, stored[1..]).</summary>
    private static void ApplyReflector(ReadOnlySpan<double> stored, double tau, Span<double> c)
    {
        if (tau == 0)
            return;
        var dot = c[0];
        for (var i = 1; i < stored.Length; i++)
            dot += stored[i] * c[i];
        dot *= tau;
        c[0] -= dot;
        for (var i = 1; i < stored.Length; i++)
            c[i] -= dot * stored[i];
    }

    internal static double Norm(ReadOnlySpan<double> x)
    {
        // Scaled to avoid overflow/underflow of the squares (as LAPACK's dnrm2).
        var max = 0.0;
        foreach (var v in x)
            max = Math.Max(max, Math.Abs(v));
        if (max == 0 || !double.IsFinite(max))
            return max;
        var s = 0.0;
        foreach (var v in x)
        {
            var t = v / max;
            s += t * t;
        }
        return max * Math.Sqrt(s);
    }
}
