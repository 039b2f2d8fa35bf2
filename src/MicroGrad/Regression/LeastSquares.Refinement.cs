namespace MicroGrad.Regression;

/// <summary>
/// Iterative refinement of a full-rank least-squares solution (b, β) in the ORIGINAL coordinates: a pass over the rows
/// gives the residuals eᵢ = yᵢ − b − xᵢ·β and the gradient g = Σwᵢ[1; xᵢ]eᵢ in double-double
/// (<see cref="ResidualAccumulator"/>), and the correction solves the normal equations of the residual,
/// [Σw, Σwxᵀ; Σwx, ΣwxxᵀI][δb; δβ] = g, by block elimination in the centred coordinates the triangle belongs to:
/// (XcᵀWXc)·δβ = g_x − x̄·g₀, δb = g₀/Σw − x̄·δβ.
/// </summary>
/// <remarks>
/// <para>The normal-equation matrix is applied through the R̃ of the scaled, centred design that the fit already has
/// (XcᵀWXc = D·P·R̃ᵀR̃·Pᵀ·D, no Q kept): the corrected seminormal equations of Björck, "Iterative refinement of linear
/// least squares solutions I", BIT 7 (1967) and "Stability analysis of the method of seminormal equations", Linear
/// Algebra Appl. 88/89 (1987), with extra-precise residuals as in Demmel, Hida, Li &amp; Riedy, "Extra-precise
/// iterative refinement for overdetermined least squares problems", ACM TOMS 35(4) (2009). Each step contracts the
/// error by about κ̃²u (κ̃ the condition of the scaled centred design): 3·10⁻¹⁰ on Wampler, 10⁻¹² on Longley. Beyond
/// κ̃ ≈ 10⁸ (Filip) it would not converge, so there — and whenever the data are small, where it costs nothing — the
/// first pass also sums the Gram matrix in double-double and the corrections come from its double-double Cholesky
/// (<see cref="GramFactor"/>), which contracts by κ̃²·2⁻¹⁰⁴.</para>
/// <para>Why the original coordinates: the solver's intercept b = ȳ − x̄·β cancels (on Wampler Σx̄ⱼβⱼ ≈ 5.6·10⁵
/// against b = 1, six digits), and the shifted rows x − s carry their own rounding; the residuals of the original
/// doubles are the quantity exact least squares on those doubles makes orthogonal to the columns.</para>
/// <para>Only the QR solver's full-rank, unpenalised solution is refined: gradient descent and SGD do not aim at the
/// least-squares minimum, a ridge estimate is not one, and the minimum-norm solution of a rank-deficient design is
/// defined by the rank cut, not by the residual.</para>
/// </remarks>
internal static partial class LeastSquares
{
    /// <summary>At most this many passes over the rows (the first is the statistics pass every fit makes).</summary>
    public const int RefinementPasses = 5;

    /// <summary>Rows·(k + 1)² up to which the first pass also sums the double-double Gram matrix whatever the
    /// conditioning (a few million double-double operations).</summary>
    public const long SmallGram = 1L << 22;

    /// <summary>κ̃ estimate (|R̃₀₀/R̃ₖₖ| of the pivoted QR, within a modest factor of κ̃) above which the Gram matrix is
    /// summed for any n: the seminormal correction contracts by κ̃²u, and the standard errors from R̃ keep only
    /// about log₁₀(1/(kκ̃u)) digits.</summary>
    public const double IllConditioned = 1e3;

    /// <summary>Whether the first pass of this fit should sum the Gram matrix.</summary>
    public static bool WantsGram(PivotedQr qr, Design d, long rows)
    {
        var k = d.Columns;
        return rows * (long)(k + 1) * (k + 1) <= SmallGram || !(ConditionEstimate(qr) <= IllConditioned);
    }

    /// <summary>|R̃₀₀/R̃ₖₖ| of the pivoted QR of the scaled, centred design: within a modest factor of κ̃.</summary>
    public static double ConditionEstimate(PivotedQr qr) => Math.Abs(qr.R(0, 0) / qr.R(qr.Rank - 1, qr.Rank - 1));

    /// <summary>
    /// The refined solution from a pass's gradient: returns false when the correction changes no bit of (b, β).
    /// <paramref name="atUlp"/> says every change is within one unit in the last place (|δ| ≤ 2⁻⁵²|·|), or the step
    /// cannot change SSE as a double.
    /// </summary>
    public static bool Correct(Design d, PivotedQr qr, GramFactor? gram, ResidualAccumulator acc, out double intercept,
        out double[] beta, out bool atUlp)
    {
        var k = d.Columns;
        var g0 = acc.Gradient(0);
        var w = new DoubleDouble[k];
        for (var j = 0; j < k; j++)
        {
            var mean = gram is not null ? gram.Means[j] : d.Means[j];
            w[j] = d.Centred ? acc.Gradient(1 + j) - mean * g0 : acc.Gradient(1 + j);
        }
        var delta = new DoubleDouble[k];
        if (gram is not null)
        {
            delta = gram.Solve(w);
        }
        else
        {
            // δβ = D⁻¹·P·R̃⁻¹R̃⁻ᵀ·Pᵀ·D⁻¹·w.
            var c = new double[k];
            for (var i = 0; i < k; i++)
                c[i] = w[qr.Pivot[i]].ToDouble() / d.Norms[qr.Pivot[i]];
            qr.SolveUpperTranspose(c);
            qr.SolveUpper(c);
            for (var i = 0; i < k; i++)
                delta[qr.Pivot[i]] = c[i] / d.Norms[qr.Pivot[i]];
        }
        var old = acc.Beta;
        beta = new double[k];
        var changed = false;
        atUlp = true;
        var deltaIntercept = DoubleDouble.Zero;
        if (d.Centred)
            deltaIntercept = g0 / acc.WeightSum;
        for (var j = 0; j < k; j++)
        {
            beta[j] = (delta[j] + old[j]).ToDouble();
            changed |= beta[j] != old[j];
            atUlp &= Math.Abs(delta[j].Hi) <= Math.ScaleB(Math.Abs(old[j]), -52);
            if (d.Centred)
                deltaIntercept -= (gram is not null ? gram.Means[j] : d.Means[j]) * delta[j];
        }
        intercept = d.Centred ? (deltaIntercept + acc.Intercept).ToDouble() : 0.0;
        changed |= intercept != acc.Intercept;
        atUlp &= Math.Abs(deltaIntercept.Hi) <= Math.ScaleB(Math.Abs(acc.Intercept), -52);
        // An intercept near 0 is never within an ulp of itself in relative terms; then ask whether the step can change
        // SSE as a double: the exact step lowers it by [δb; δβ]ᵀg = δβᵀw + g₀²/Σw (SSE(θ + δ) = SSE(θ) − 2δᵀg + δᵀGδ
        // with Gδ = g).
        var decrease = d.Centred ? g0 * g0 / acc.WeightSum : DoubleDouble.Zero;
        for (var j = 0; j < k; j++)
            decrease += delta[j] * w[j];
        atUlp |= Math.Abs(decrease.Hi) <= Math.ScaleB(acc.SumSquares, -53);
        var finite = double.IsFinite(intercept);
        foreach (var v in beta)
            finite &= double.IsFinite(v);
        return changed && finite;
    }

    /// <summary>The Cholesky factor L (double-double) of the centred weighted Gram matrix Gc = ΣwxxᵀI − Σwx·Σwxᵀ/Σw (or
    /// Σwxxᵀ without an intercept), with x̄ = Σwx/Σw; null when it does not exist in double-double's range or is not
    /// positive definite (then the seminormal route stays).</summary>
    public static GramFactor? FactorGram(ResidualAccumulator acc, bool centred, int k)
    {
        var total = acc.Gram(0, 0);
        var means = new DoubleDouble[k];
        var l = new DoubleDouble[k * k];
        for (var j = 0; j < k && centred; j++)
            means[j] = acc.Gram(0, 1 + j) / total;
        for (var j = 0; j < k; j++)
        {
            for (var i = j; i < k; i++)
            {
                var g = acc.Gram(1 + j, 1 + i);
                l[i * k + j] = centred ? g - acc.Gram(0, 1 + j) * means[i] : g;
            }
        }
        for (var j = 0; j < k; j++)
        {
            var diagonal = l[j * k + j];
            for (var c = 0; c < j; c++)
                diagonal -= l[j * k + c] * l[j * k + c];
            // Squares of values within 2^±500 stay normal; outside that the lower half of a double-double is lost.
            if (!(diagonal.Hi > SmallestSquarable * SmallestSquarable) || !(diagonal.Hi < 1 / (SmallestSquarable * SmallestSquarable)))
                return null;
            var root = DoubleDouble.Sqrt(diagonal);
            l[j * k + j] = root;
            for (var i = j + 1; i < k; i++)
            {
                var s = l[i * k + j];
                for (var c = 0; c < j; c++)
                    s -= l[i * k + c] * l[j * k + c];
                l[i * k + j] = s / root;
            }
        }
        return new GramFactor(l, k, means, total, centred);
    }

    /// <summary>Gc = L·Lᵀ in double-double (L row-major lower triangle), with the means and Σw it was centred by.</summary>
    internal sealed class GramFactor(DoubleDouble[] l, int k, DoubleDouble[] means, DoubleDouble weightSum, bool centred)
    {
        public DoubleDouble[] Means => means;

        /// <summary>Gc⁻¹·w by a forward and a back substitution.</summary>
        public DoubleDouble[] Solve(DoubleDouble[] w)
        {
            var z = Forward(w);
            for (var i = k - 1; i >= 0; i--)
            {
                var s = z[i];
                for (var j = i + 1; j < k; j++)
                    s -= l[j * k + i] * z[j];
                z[i] = s / l[i * k + i];
            }
            return z;
        }

        /// <summary>L⁻¹·w.</summary>
        private DoubleDouble[] Forward(DoubleDouble[] w)
        {
            var z = (DoubleDouble[])w.Clone();
            for (var i = 0; i < k; i++)
            {
                var s = z[i];
                for (var j = 0; j < i; j++)
                    s -= l[i * k + j] * z[j];
                z[i] = s / l[i * k + i];
            }
            return z;
        }

        /// <summary>√diag(Gc⁻¹) (the squared column norms of L⁻¹), with the intercept's √(1/Σw + ‖L⁻¹x̄‖²) first when
        /// centred: LeastSquares.StandardErrorFactors in double-double.</summary>
        public double[] StandardErrorFactors()
        {
            var offset = centred ? 1 : 0;
            var result = new double[k + offset];
            var squares = new DoubleDouble[k];
            for (var j = 0; j < k; j++)
            {
                var unit = new DoubleDouble[k];
                unit[j] = 1.0;
                var column = Forward(unit);
                for (var i = j; i < k; i++)
                    squares[j] += column[i] * column[i];
            }
            for (var j = 0; j < k; j++)
                result[offset + j] = DoubleDouble.Sqrt(squares[j]).ToDouble();
            if (centred)
            {
                var a = Forward(means);
                var sum = 1.0 / weightSum;
                foreach (var v in a)
                    sum += v * v;
                result[0] = DoubleDouble.Sqrt(sum).ToDouble();
            }
            return result;
        }

        /// <summary><see cref="LeastSquares.Covariances"/> from Gc⁻¹ = L⁻ᵀL⁻¹ in double-double, rounded at the end:
        /// on ill-conditioned data (Filip) as accurate as <see cref="StandardErrorFactors"/>, where the triangle's
        /// keeps about log₁₀(1/(kκ̃u)) digits.</summary>
        public void Covariances(out double[] atMeans, out double[] raw)
        {
            var inverse = new DoubleDouble[k * k]; // L⁻¹, row-major lower triangle
            for (var j = 0; j < k; j++)
            {
                var unit = new DoubleDouble[k];
                unit[j] = 1.0;
                var column = Forward(unit);
                for (var i = j; i < k; i++)
                    inverse[i * k + j] = column[i];
            }
            var m = new DoubleDouble[k * k];
            for (var a = 0; a < k; a++)
            {
                for (var b = a; b < k; b++)
                {
                    var s = DoubleDouble.Zero;
                    for (var i = b; i < k; i++)
                        s += inverse[i * k + a] * inverse[i * k + b];
                    m[a * k + b] = s;
                    m[b * k + a] = s;
                }
            }
            var o = centred ? 1 : 0;
            var p = k + o;
            var cov = new double[p * p];
            raw = new double[p * p];
            for (var a = 0; a < k; a++)
            {
                for (var b = 0; b < k; b++)
                    cov[(a + o) * p + b + o] = raw[(a + o) * p + b + o] = m[a * k + b].ToDouble();
            }
            if (centred)
            {
                cov[0] = (1.0 / weightSum).ToDouble();
                var factors = StandardErrorFactors();
                raw[0] = factors[0] * factors[0];
                for (var a = 0; a < k; a++)
                {
                    var s = DoubleDouble.Zero;
                    for (var b = 0; b < k; b++)
                        s -= m[a * k + b] * means[b];
                    raw[a + 1] = raw[(a + 1) * p] = s.ToDouble();
                }
            }
            atMeans = cov;
        }
    }
}
