using System.Globalization;
using System.Text;

namespace MicroGrad.Regression;

// The rank-deficient cases: the minimum-norm solution and the message that names the collinear columns.
internal static partial class LeastSquares
{
    /// <summary>
    /// The minimum-norm solution on the centred (unscaled) design (numpy <c>lstsq</c> of the centred design, i.e.
    /// scikit-learn's convention; the intercept is not in the norm) by Jacobi SVD of its triangle R
    /// (X − x̄ = Q₁R, so X's singular values and right vectors are R's and β = R⁺·Q₁ᵀ(y − ȳ)): β = Σ vᵢ·(uᵢ·c)/σᵢ over
    /// σᵢ &gt; tolerance·σ_max. Also returns the standard-error factors (√ of the diagonal of the pseudo-inverse of XᵀX)
    /// and the rank.
    /// </summary>
    public static double[] MinimumNorm(Design d, double tolerance, out double intercept,
        out double[] standardErrorFactors, out int rank)
    {
        var k = d.Columns;
        var m = d.Rows;
        var a = new double[m * k];
        for (var j = 0; j < k; j++)
        {
            for (var i = 0; i < m; i++)
                a[j * m + i] = d.Scaled[j * m + i] * d.Norms[j];
        }
        var v = JacobiSvd.Orthogonalize(a, m, k);
        var sigma = new double[k];
        var max = 0.0;
        for (var j = 0; j < k; j++)
        {
            sigma[j] = PivotedQr.Norm(a.AsSpan(j * m, m));
            max = Math.Max(max, sigma[j]);
        }
        var beta = new double[k];
        var offset = d.Centred ? 1 : 0;
        var variances = new double[k + offset];
        if (d.Centred)
            variances[0] = 1.0 / d.WeightSum;
        rank = 0;
        for (var i = 0; i < k; i++)
        {
            if (!(sigma[i] > tolerance * max))
                continue;
            rank++;
            // Column i of R·V is σᵢ·uᵢ, so uᵢ·c/σᵢ = (R·V)ᵢ·c/σᵢ².
            var s2 = sigma[i] * sigma[i];
            var uy = Dot(a.AsSpan(i * m, m), d.Projected);
            var vi = v.AsSpan(i * k, k);
            var vMean = 0.0;
            for (var j = 0; j < k; j++)
            {
                beta[j] += vi[j] * uy / s2;
                variances[offset + j] += vi[j] * vi[j] / s2;
                vMean += vi[j] * d.Means[j];
            }
            if (d.Centred)
                variances[0] += vMean * vMean / s2;
        }
        intercept = d.Centred ? d.YMean - Dot(d.Means, beta) : 0.0;
        for (var j = 0; j < variances.Length; j++)
            variances[j] = Math.Sqrt(variances[j]);
        standardErrorFactors = variances;
        return beta;
    }

    /// <summary>Collinear columns, and terms of each, that the message spells out.</summary>
    private const int ShownColumns = 5, ShownTerms = 6;

    /// <summary>Explains a rank deficiency: for each column pivoted past the rank (the first <see cref="ShownColumns"/>),
    /// its expression as a combination of the independent columns, from R₁₁⁻¹R₁₂, in original units.</summary>
    public static string CollinearityMessage(PivotedQr qr, Design d, IReadOnlyList<string> names, double tolerance,
        out List<string> collinear)
    {
        var k = d.Columns;
        var r = qr.Rank;
        collinear = [];
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"The design matrix is rank deficient: rank {r} of {k} columns");
        sb.Append(CultureInfo.InvariantCulture,
            $" (|R_jj| <= {Format.Python(tolerance)}*|R_00| in a pivoted QR of the {(d.Centred ? "centred " : "")}columns scaled to unit norm). Collinear: ");
        for (var j = r; j < k; j++)
        {
            var q = qr.Pivot[j];
            collinear.Add(names[q]);
            // Bounded: a few columns and terms say what is wrong; the full list is RankDeficientException.CollinearColumns.
            if (j - r == ShownColumns)
            {
                sb.Append(CultureInfo.InvariantCulture, $"; and {k - j:N0} more");
                continue;
            }
            if (j - r > ShownColumns)
                continue;
            if (j > r)
                sb.Append("; ");
            if (d.Centred && IsZeroColumn(d, q))
            {
                sb.Append(CultureInfo.InvariantCulture, $"{Format.Quote(names[q])} is constant, so collinear with the intercept");
                continue;
            }
            var c = new double[Math.Max(r, 1)];
            for (var i = 0; i < r; i++)
                c[i] = qr.R(i, j);
            qr.SolveUpper(c);
            sb.Append(CultureInfo.InvariantCulture, $"{Format.Quote(names[q])} ~");
            var terms = 0;
            var largest = 0.0;
            for (var i = 0; i < r; i++)
                largest = Math.Max(largest, Math.Abs(c[i]));
            for (var i = 0; i < r; i++)
            {
                if (Math.Abs(c[i]) <= 1e-8 * largest)
                    continue;
                if (terms == ShownTerms)
                {
                    sb.Append(" + …");
                    break;
                }
                var p = qr.Pivot[i];
                var coefficient = c[i] * d.Norms[q] / d.Norms[p];
                sb.Append(terms == 0 ? " " : coefficient < 0 ? " - " : " + ");
                sb.Append(Format.Short(terms == 0 ? coefficient : Math.Abs(coefficient)));
                sb.Append(CultureInfo.InvariantCulture, $"*{Format.Quote(names[p])}");
                terms++;
            }
            if (terms == 0)
                sb.Append(" 0");
            if (d.Centred)
                sb.Append(" + const");
        }
        // An explanation only: the advice is the caller's (RankDeficientException's remarks, the CLI's --min-norm).
        sb.Append('.');
        return sb.ToString();
    }

    private static bool IsZeroColumn(Design d, int q)
    {
        foreach (var v in d.Scaled.AsSpan(q * d.Rows, d.Rows))
        {
            if (v != 0)
                return false;
        }
        return true;
    }
}
