namespace MicroGrad.Regression;

// The full covariance of the parameters from the triangle, for the summary's covariance matrix, the robust sandwich,
// the prediction intervals and the model file.
internal static partial class LeastSquares
{
    /// <summary>
    /// M = (X_cᵀX_c)⁻¹ = D⁻¹·P·R̃⁻¹R̃⁻ᵀ·Pᵀ·D⁻¹ in original units (k×k, row-major, symmetric), X_c the centred (and,
    /// with weights, whitened) features, from the pivoted QR of the scaled triangle: no XᵀX is formed. Needs full rank.
    /// </summary>
    public static double[] InverseCrossProduct(PivotedQr qr, Design d)
    {
        var k = d.Columns;
        // Column j of R̃⁻¹ (pivoted order) solves R̃·c = eⱼ.
        var inverse = new double[k * k];
        var column = new double[k];
        for (var j = 0; j < k; j++)
        {
            Array.Clear(column);
            column[j] = 1.0;
            qr.SolveUpper(column);
            for (var i = 0; i < k; i++)
                inverse[i * k + j] = column[i];
        }
        var m = new double[k * k];
        for (var a = 0; a < k; a++)
        {
            for (var b = a; b < k; b++)
            {
                // (R̃⁻¹R̃⁻ᵀ)ab = Σⱼ (R̃⁻¹)aj·(R̃⁻¹)bj, upper triangular: j from max(a, b) = b.
                var s = 0.0;
                for (var j = b; j < k; j++)
                    s += inverse[a * k + j] * inverse[b * k + j];
                var (pa, pb) = (qr.Pivot[a], qr.Pivot[b]);
                var v = s / d.Norms[pa] / d.Norms[pb];
                m[pa * k + pb] = v;
                m[pb * k + pa] = v;
            }
        }
        return m;
    }

    /// <summary>
    /// The non-robust covariances, without the factor scale: <paramref name="centred"/> of (a, β) with a = ŷ(x̄) the
    /// prediction at the (weighted) means, blockdiag(1/Σw, M); <paramref name="raw"/> of (b, β), statsmodels'
    /// <c>normalized_cov_params</c>: [[1/Σw + x̄ᵀMx̄, −(Mx̄)ᵀ], [−Mx̄, M]]. Without an intercept both are M. p×p row-major.
    /// </summary>
    public static void Covariances(PivotedQr qr, Design d, out double[] centred, out double[] raw)
    {
        var k = d.Columns;
        var m = InverseCrossProduct(qr, d);
        if (!d.Centred)
        {
            centred = m;
            raw = (double[])m.Clone();
            return;
        }
        var p = k + 1;
        centred = new double[p * p];
        raw = new double[p * p];
        centred[0] = 1.0 / d.WeightSum;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                centred[(i + 1) * p + j + 1] = m[i * k + j];
                raw[(i + 1) * p + j + 1] = m[i * k + j];
            }
        }
        // x̄ᵀMx̄ = ‖R̃⁻ᵀPᵀD⁻¹x̄‖², a sum of squares (as StandardErrorFactors has it): no cancellation.
        var u = new double[k];
        for (var j = 0; j < k; j++)
            u[j] = d.Means[qr.Pivot[j]] / d.Norms[qr.Pivot[j]];
        qr.SolveUpperTranspose(u);
        raw[0] = 1.0 / d.WeightSum + Dot(u, u);
        for (var i = 0; i < k; i++)
        {
            var s = -Dot(m.AsSpan(i * k, k), d.Means);
            raw[i + 1] = s;
            raw[(i + 1) * p] = s;
        }
    }
}
