namespace MicroGrad.Regression;

public sealed partial class LinearRegression
{
    /// <summary>Weighted least squares, naming the features x1, x2, ….</summary>
    /// <inheritdoc cref="FitWeighted(double[][], double[], double[], IReadOnlyList{string}, string)"/>
    public LinearRegressionModel FitWeighted(double[][] x, double[] y, double[] weights) => FitWeighted(x, y, weights, null, null);

    /// <summary>
    /// Weighted least squares as statsmodels' <c>WLS(y, X, weights).fit()</c>: minimises Σ wᵢ(yᵢ − b − xᵢ·β)², i.e.
    /// ordinary least squares on the rows scaled by √wᵢ (weights proportional to the inverse variance of each
    /// observation).
    /// </summary>
    /// <param name="x">The features, one row per observation.</param>
    /// <param name="y">The n targets.</param>
    /// <param name="weights">One positive, finite weight per row.</param>
    /// <param name="featureNames">Names for the k columns; null for x1, x2, ….</param>
    /// <param name="targetName">Name of the target; null for <c>y</c>.</param>
    /// <remarks>
    /// As statsmodels: the rows are whitened by √wᵢ and reduced to the same triangle as an unweighted fit, refined as
    /// <see cref="Fit(double[][], double[], IReadOnlyList{string}, string)"/> refines (residuals weighted by wᵢ in
    /// double-double); SSE = Σwᵢeᵢ², R² = 1 − SSE/Σwᵢ(yᵢ − ȳ_w)² around the weighted mean ȳ_w (<c>centered_tss</c>),
    /// scale = SSE/(n − p) with n the number of rows (not Σwᵢ), the intercept's variance with 1/Σwᵢ where OLS has
    /// 1/n, the log-likelihood with ½Σ ln wᵢ added (<c>WLS.loglike</c>), the condition number of the whitened design,
    /// and Durbin–Watson and MAE on the whitened residuals √wᵢeᵢ (statsmodels' summary uses <c>wresid</c>). Weights
    /// that are all 1 give <c>Fit</c>'s result bit for bit; multiplying every weight by c leaves the coefficients,
    /// standard errors and R² as they are and multiplies the scale by c.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="x"/>, <paramref name="y"/>, <paramref name="weights"/>
    /// or a row is null.</exception>
    /// <exception cref="ArgumentException">A weight is not positive and finite (the message names the row), or a
    /// length mismatch; and everything <see cref="Fit(double[][], double[], IReadOnlyList{string}, string)"/> throws.</exception>
    /// <exception cref="NotSupportedException">The options ask for gradient descent, SGD or an L2 penalty.</exception>
    public LinearRegressionModel FitWeighted(double[][] x, double[] y, double[] weights, IReadOnlyList<string>? featureNames,
        string? targetName = null)
    {
        var k = RegressionInput.Matrix(x, nameof(x), requireFinite: true);
        RegressionInput.Vector(y, nameof(y), x.Length, "one target per row of x", requireFinite: true);
        RegressionInput.Vector(weights, nameof(weights), x.Length, "one weight per row of x", requireFinite: false);
        var o = _options;
        if (o.Solver != LinearSolver.Qr || o.L2 > 0)
            MicroGradThrow.NotSupported_Weighted(o.Solver, o.L2);
        double sumHi = 0, sumLo = 0, sumLog = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var w = weights[i];
            if (!(w > 0) || !double.IsFinite(w))
                MicroGradThrow.Argument_Weight(i, w);
            DoubleDouble.Add(ref sumHi, ref sumLo, w);
            sumLog += Math.Log(w);
        }
        var names = Names(featureNames, k);
        RequireObservations(x.Length, k);
        var acc = LeastSquares.Accumulate(x, y, o.FitIntercept, out var shift, out var yShift, weights);
        var fit = FactorTriangle(acc, shift, yShift, names, targetName ?? "y", sumHi + sumLo);
        var beta = SolveTriangle(fit, out var intercept);
        var residuals = RefinedResiduals(ref fit, ref intercept, ref beta, r => r.Add(x, y, weights), weighted: true, sumLogWeights: sumLog);
        return Model(fit, residuals, intercept, beta, names, [], targetName);
    }
}
