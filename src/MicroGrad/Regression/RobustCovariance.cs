using System.Globalization;

namespace MicroGrad.Regression;

/// <summary>
/// The heteroscedasticity-consistent covariances HC0–HC3 (statsmodels' <c>cov_HC0</c> … <c>cov_HC3</c>,
/// <c>regression/linear_model.py</c>; White 1980; MacKinnon and White 1985), summed row by row as the residual pass
/// goes, so a fit needs no extra pass: V = Σ ωᵢ·c̃ᵢc̃ᵢᵀ with c̃ᵢ the influence of row i on the parameters.
/// </summary>
/// <remarks>
/// From the pivoted QR of the scaled, centred triangle (R̃, P, D), without forming XᵀX (R̃⁻ᵀPᵀD⁻¹ and D⁻¹P·R̃⁻¹ are
/// formed once, k×k, from triangular solves; rows are gathered in blocks whose products run on the tensor kernels):
/// zᵢ = √wᵢ·(xᵢ − x̄) (the
/// whitened, centred row; xᵢ without an intercept), uᵢ = R̃⁻ᵀPᵀD⁻¹zᵢ, the leverage hᵢ = wᵢ/Σw + ‖uᵢ‖² (‖uᵢ‖²
/// without an intercept), the slopes' influence cᵢ = D⁻¹P·R̃⁻¹uᵢ, the intercept's √wᵢ/Σw − x̄·cᵢ, and that of
/// a = ŷ(x̄) (what the prediction intervals use) √wᵢ/Σw. With the whitened residual ẽᵢ = √wᵢ·eᵢ (statsmodels works
/// on <c>wexog</c> and <c>wresid</c>): ω = ẽ² (HC0), n/(n − p)·ẽ² (HC1), ẽ²/(1 − h) (HC2), ẽ²/(1 − h)² (HC3).
/// Each diagonal entry is a sum of non-negative terms, so it keeps its digits. A row with leverage 1 (to
/// <see cref="LeverageTolerance"/>) makes HC2 and HC3 undefined (statsmodels divides by zero there).
/// </remarks>
internal sealed class RobustCovariance : IResidualObserver
{
    /// <summary>1 − hᵢ at or below this is leverage 1.</summary>
    public const double LeverageTolerance = 1e-10;

    /// <summary>Rows gathered before their products run (the row's work is then three small matrix products).</summary>
    private const int Block = 256;

    private readonly CovarianceType _type;
    private readonly LeastSquares.Design _design;
    private readonly double[] _whitenT;    // Aᵀ, A = R̃⁻ᵀPᵀD⁻¹ (k×k row-major): uᵢ = A·zᵢ
    private readonly double[] _influenceT; // Bᵀ, B = D⁻¹P·R̃⁻¹ (k×k row-major): cᵢ = B·uᵢ
    private readonly double[] _z;     // Block×k: the rows' zᵢ
    private readonly double[] _u;     // Block×k
    private readonly double[] _c;     // Block×k
    private readonly double[] _e;     // Block: whitened residuals
    private readonly double[] _w;     // Block: weights
    private readonly double[] _g;     // Block×m: [b-influence, a-influence,] c
    private readonly double[] _wg;    // Block×m: ωᵢ·gᵢ
    private readonly double[] _sum;   // m×m: Σ ωᵢ gᵢgᵢᵀ
    private readonly int _k;
    private readonly int _m;
    private int _filled;
    private long _row;

    public RobustCovariance(CovarianceType type, PivotedQr qr, LeastSquares.Design design)
    {
        _type = type;
        _design = design;
        var k = _k = design.Columns;
        // The two triangular solves of every row, done once: A's column q is R̃⁻ᵀ·e_{pos(q)}/D_q, B's column j is
        // D⁻¹P·R̃⁻¹eⱼ; stored transposed, as the right operands of the block products.
        _whitenT = new double[k * k];
        _influenceT = new double[k * k];
        var e = new double[k];
        for (var j = 0; j < k; j++)
        {
            var q = qr.Pivot[j];
            Array.Clear(e);
            e[j] = 1.0;
            qr.SolveUpperTranspose(e);
            for (var i = 0; i < k; i++)
                _whitenT[q * k + i] = e[i] / design.Norms[q];
            Array.Clear(e);
            e[j] = 1.0;
            qr.SolveUpper(e);
            for (var i = 0; i < k; i++)
                _influenceT[j * k + qr.Pivot[i]] = e[i] / design.Norms[qr.Pivot[i]];
        }
        _m = k + (design.Centred ? 2 : 0);
        _z = new double[Block * k];
        _u = new double[Block * k];
        _c = new double[Block * k];
        _e = new double[Block];
        _w = new double[Block];
        _g = new double[Block * _m];
        _wg = new double[Block * _m];
        _sum = new double[_m * _m];
    }

    /// <summary>The first row (from 0) whose leverage is 1, or −1; HC2 and HC3 are then undefined.</summary>
    public long LeverageOneRow { get; private set; } = -1;

    /// <summary>Its leverage as computed.</summary>
    public double LeverageOneValue { get; private set; }

    /// <summary>Rows seen.</summary>
    public long Rows => _row + _filled;

    /// <summary>Adds row i: its features, its residual eᵢ = yᵢ − b − xᵢ·β and its weight wᵢ (1 without weights).</summary>
    public void Observe(ReadOnlySpan<double> x, double residual, double weight)
    {
        var root = Math.Sqrt(weight);
        var z = _z.AsSpan(_filled * _k, _k);
        var means = _design.Means;
        for (var q = 0; q < z.Length; q++)
            z[q] = root * (x[q] - means[q]);
        _e[_filled] = root * residual;
        _w[_filled] = weight;
        if (++_filled == Block)
            Flush();
    }

    /// <summary>The gathered rows: U = Z·Aᵀ, C = U·Bᵀ, the leverages and ω, then Σ += (ω∘G)ᵀ·G.</summary>
    private void Flush()
    {
        var (n, k, m) = (_filled, _k, _m);
        if (n == 0)
            return;
        var width = Simd.Width;
        MatrixKernels.Multiply(_z, _whitenT, _u, n, k, k, accumulate: false, width, threads: 1);
        MatrixKernels.Multiply(_u, _influenceT, _c, n, k, k, accumulate: false, width, threads: 1);
        var d = _design;
        var offset = d.Centred ? 2 : 0;
        for (var r = 0; r < n; r++)
        {
            var u = _u.AsSpan(r * k, k);
            var g = _g.AsSpan(r * m, m);
            var c = _c.AsSpan(r * k, k);
            c.CopyTo(g[offset..]);
            if (d.Centred)
            {
                var a = Math.Sqrt(_w[r]) / d.WeightSum;
                g[0] = a - LeastSquares.Dot(d.Means, c);
                g[1] = a;
            }
            var e = _e[r];
            var omega = e * e;
            if (_type is CovarianceType.HC2 or CovarianceType.HC3)
            {
                var h = LeastSquares.Dot(u, u) + (d.Centred ? _w[r] / d.WeightSum : 0.0);
                var rest = 1 - h;
                if (rest <= LeverageTolerance)
                {
                    if (LeverageOneRow < 0)
                        (LeverageOneRow, LeverageOneValue) = (_row + r, h);
                    omega = double.NaN;
                }
                else
                {
                    omega = _type == CovarianceType.HC2 ? omega / rest : omega / rest / rest;
                }
            }
            var wg = _wg.AsSpan(r * m, m);
            for (var j = 0; j < m; j++)
                wg[j] = omega * g[j];
        }
        MatrixKernels.MultiplyTransposedLeft(_wg, _g, _sum, n, m, m, width, threads: 1);
        _row += n;
        _filled = 0;
    }

    /// <summary>Why HC2/HC3 are undefined (a row of leverage 1), or null; known after <see cref="Finish"/>.</summary>
    public string? UndefinedReason => LeverageOneRow < 0
        ? null
        : string.Create(CultureInfo.InvariantCulture,
            $"{_type} divides by 1 − hᵢ, and row {LeverageOneRow} has leverage hᵢ = 1 (computed {Format.Python(LeverageOneValue)}): the fit passes through it whatever its target");

    /// <summary>The sandwich: <paramref name="raw"/> of (b, β) (statsmodels' <c>cov_params()</c>) and
    /// <paramref name="centred"/> of (a, β), p×p row-major; HC1 scaled by n/<paramref name="dfResid"/>.</summary>
    public void Finish(int dfResid, out double[] raw, out double[] centred)
    {
        Flush();
        var k = _design.Columns;
        var factor = _type == CovarianceType.HC1 ? (double)_row / dfResid : 1.0;
        // Σ ωgᵢgᵢᵀ is symmetric in exact arithmetic; its upper triangle serves both halves, so V is exactly symmetric.
        double At(int i, int j) => factor * (i <= j ? _sum[i * _m + j] : _sum[j * _m + i]);
        if (!_design.Centred)
        {
            raw = new double[k * k];
            for (var i = 0; i < k; i++)
            {
                for (var j = 0; j < k; j++)
                    raw[i * k + j] = At(i, j);
            }
            centred = (double[])raw.Clone();
            return;
        }
        var p = k + 1;
        raw = new double[p * p];
        centred = new double[p * p];
        // Index map into g: b → 0, a → 1, βⱼ → 2 + j.
        for (var i = 0; i < p; i++)
        {
            var gi = i == 0 ? 0 : i + 1;
            var ci = i == 0 ? 1 : i + 1;
            for (var j = 0; j < p; j++)
            {
                raw[i * p + j] = At(gi, j == 0 ? 0 : j + 1);
                centred[i * p + j] = At(ci, j == 0 ? 1 : j + 1);
            }
        }
    }
}
