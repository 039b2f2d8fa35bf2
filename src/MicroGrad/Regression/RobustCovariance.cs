using System.Globalization;

namespace MicroGrad.Regression;

/// <summary>
/// The heteroscedasticity-consistent covariances HC0–HC3 (statsmodels' <c>cov_HC0</c> … <c>cov_HC3</c>,
/// <c>regression/linear_model.py</c>; White 1980; MacKinnon and White 1985), summed row by row as the residual pass
/// goes, so a fit needs no extra pass: V = Σ ωᵢ·c̃ᵢc̃ᵢᵀ with c̃ᵢ the influence of row i on the parameters.
/// </summary>
/// <remarks>
/// From the pivoted QR of the scaled, centred triangle (R̃, P, D), without forming XᵀX (R̃⁻ᵀPᵀD⁻¹ and D⁻¹P·R̃⁻¹ are
/// formed once, k×k, from triangular solves): zᵢ = √wᵢ·(xᵢ − x̄) (the
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

    private readonly CovarianceType _type;
    private readonly LeastSquares.Design _design;
    private readonly double[] _whiten;   // A = R̃⁻ᵀPᵀD⁻¹ (k×k row-major): uᵢ = A·zᵢ
    private readonly double[] _influence; // B = D⁻¹P·R̃⁻¹ (k×k row-major): cᵢ = B·uᵢ
    private readonly double[] _z;
    private readonly double[] _u;
    private readonly double[] _g;
    private readonly double[] _sum; // upper triangle of Σ ω g gᵀ, g = [b-influence, a-influence,] c
    private readonly int _m;
    private long _row;

    public RobustCovariance(CovarianceType type, PivotedQr qr, LeastSquares.Design design)
    {
        _type = type;
        _design = design;
        var k = design.Columns;
        // The two triangular solves of every row, done once: A's column q is R̃⁻ᵀ·e_{pos(q)}/D_q, B's column j is
        // D⁻¹P·R̃⁻¹eⱼ. Two k×k products a row then, with no pivot look-ups.
        _whiten = new double[k * k];
        _influence = new double[k * k];
        var e = new double[k];
        for (var j = 0; j < k; j++)
        {
            var q = qr.Pivot[j];
            Array.Clear(e);
            e[j] = 1.0;
            qr.SolveUpperTranspose(e);
            for (var i = 0; i < k; i++)
                _whiten[i * k + q] = e[i] / design.Norms[q];
            Array.Clear(e);
            e[j] = 1.0;
            qr.SolveUpper(e);
            for (var i = 0; i < k; i++)
                _influence[qr.Pivot[i] * k + j] = e[i] / design.Norms[qr.Pivot[i]];
        }
        _z = new double[k];
        _u = new double[k];
        _m = k + (design.Centred ? 2 : 0);
        _g = new double[_m];
        _sum = new double[_m * _m];
    }

    /// <summary>The first row (from 0) whose leverage is 1, or −1; HC2 and HC3 are then undefined.</summary>
    public long LeverageOneRow { get; private set; } = -1;

    /// <summary>Its leverage as computed.</summary>
    public double LeverageOneValue { get; private set; }

    /// <summary>Rows seen.</summary>
    public long Rows => _row;

    /// <summary>Adds row i: its features, its residual eᵢ = yᵢ − b − xᵢ·β and its weight wᵢ (1 without weights).</summary>
    public void Observe(ReadOnlySpan<double> x, double residual, double weight)
    {
        var d = _design;
        var k = d.Columns;
        var root = Math.Sqrt(weight);
        for (var q = 0; q < k; q++)
            _z[q] = root * (x[q] - d.Means[q]);
        for (var i = 0; i < k; i++)
            _u[i] = LeastSquares.Dot(_whiten.AsSpan(i * k, k), _z);
        var h = LeastSquares.Dot(_u, _u) + (d.Centred ? weight / d.WeightSum : 0.0);
        var offset = d.Centred ? 2 : 0;
        for (var q = 0; q < k; q++)
            _g[offset + q] = LeastSquares.Dot(_influence.AsSpan(q * k, k), _u);
        if (d.Centred)
        {
            var a = root / d.WeightSum;
            _g[0] = a - LeastSquares.Dot(d.Means, _g.AsSpan(offset, k));
            _g[1] = a;
        }
        var e = root * residual;
        var omega = e * e;
        if (_type is CovarianceType.HC2 or CovarianceType.HC3)
        {
            var rest = 1 - h;
            if (rest <= LeverageTolerance)
            {
                if (LeverageOneRow < 0)
                    (LeverageOneRow, LeverageOneValue) = (_row, h);
                omega = double.NaN;
            }
            else
            {
                omega = _type == CovarianceType.HC2 ? omega / rest : omega / rest / rest;
            }
        }
        var g = _g.AsSpan();
        for (var i = 0; i < _m; i++)
        {
            var gi = omega * g[i];
            var tail = g[i..];
            var sum = _sum.AsSpan(i * _m + i, tail.Length);
            for (var j = 0; j < sum.Length; j++)
                sum[j] += gi * tail[j];
        }
        _row++;
    }

    /// <summary>Why HC2/HC3 are undefined (a row of leverage 1), or null.</summary>
    public string? UndefinedReason => LeverageOneRow < 0
        ? null
        : string.Create(CultureInfo.InvariantCulture,
            $"{_type} divides by 1 − hᵢ, and row {LeverageOneRow} has leverage hᵢ = 1 (computed {Format.Python(LeverageOneValue)}): the fit passes through it whatever its target");

    /// <summary>The sandwich: <paramref name="raw"/> of (b, β) (statsmodels' <c>cov_params()</c>) and
    /// <paramref name="centred"/> of (a, β), p×p row-major; HC1 scaled by n/<paramref name="dfResid"/>.</summary>
    public void Finish(int dfResid, out double[] raw, out double[] centred)
    {
        var k = _design.Columns;
        var factor = _type == CovarianceType.HC1 ? (double)_row / dfResid : 1.0;
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
