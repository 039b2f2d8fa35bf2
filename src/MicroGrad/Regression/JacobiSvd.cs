namespace MicroGrad.Regression;

/// <summary>
/// One-sided Jacobi (Hestenes) SVD of an m×p column-major matrix: plane rotations orthogonalise the columns of
/// <c>A·V</c> until every pair is orthogonal to working precision; then the column norms are the singular values.
/// </summary>
/// <remarks>Chosen over bidiagonalisation because it finds small singular values to high relative accuracy when
/// A = B·D with B well conditioned and D a column scaling (Demmel–Veselić 1992): the condition number of a design
/// whose columns differ by orders of magnitude (Longley's) comes out to ~13 digits instead of ~7.</remarks>
internal static class JacobiSvd
{
    private const int MaxSweeps = 60;

    /// <summary>Orthogonalises the columns of <paramref name="a"/> in place and returns V (p×p, column-major) with
    /// A_original·V = A_final; the singular values are the norms of the final columns.</summary>
    public static double[] Orthogonalize(double[] a, int m, int p)
    {
        var v = new double[p * p];
        for (var j = 0; j < p; j++)
            v[j * p + j] = 1.0;
        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            var rotated = false;
            for (var i = 0; i < p - 1; i++)
            {
                for (var j = i + 1; j < p; j++)
                {
                    var ci = a.AsSpan(i * m, m);
                    var cj = a.AsSpan(j * m, m);
                    double alpha = 0, beta = 0, gamma = 0;
                    for (var r = 0; r < m; r++)
                    {
                        alpha += ci[r] * ci[r];
                        beta += cj[r] * cj[r];
                        gamma += ci[r] * cj[r];
                    }
                    if (gamma == 0 || Math.Abs(gamma) <= double.Epsilon + 1e-16 * Math.Sqrt(alpha * beta))
                        continue;
                    rotated = true;
                    var zeta = (beta - alpha) / (2.0 * gamma);
                    var t = Math.Sign(zeta == 0 ? 1.0 : zeta) / (Math.Abs(zeta) + Math.Sqrt(1.0 + zeta * zeta));
                    var c = 1.0 / Math.Sqrt(1.0 + t * t);
                    var s = c * t;
                    Rotate(ci, cj, c, s);
                    Rotate(v.AsSpan(i * p, p), v.AsSpan(j * p, p), c, s);
                }
            }
            if (!rotated)
                break;
        }
        return v;
    }

    /// <summary>The singular values of <paramref name="a"/> (m×p column-major, destroyed), unsorted.</summary>
    public static double[] SingularValues(double[] a, int m, int p)
    {
        Orthogonalize(a, m, p);
        var s = new double[p];
        for (var j = 0; j < p; j++)
            s[j] = PivotedQr.Norm(a.AsSpan(j * m, m));
        return s;
    }

    private static void Rotate(Span<double> x, Span<double> y, double c, double s)
    {
        for (var r = 0; r < x.Length; r++)
        {
            var xi = x[r];
            var yi = y[r];
            x[r] = c * xi - s * yi;
            y[r] = s * xi + c * yi;
        }
    }
}
