namespace MicroGrad.Regression;

// A fit from a (merged) accumulator: everything the triangle R of [1 | X − s | y − s_y] holds, and nothing it does not.
public sealed partial class LinearRegression
{
    /// <summary>Fits the rows gathered (and merged) in <paramref name="accumulator"/>, naming the features x1, x2, ….</summary>
    /// <inheritdoc cref="Fit(LinearRegressionAccumulator, IReadOnlyList{string}, string)"/>
    public LinearRegressionModel Fit(LinearRegressionAccumulator accumulator) => Fit(accumulator, null, null);

    /// <summary>
    /// Fits the rows gathered (and merged) in <paramref name="accumulator"/>: from its triangle R alone, through the
    /// same scaled pivoted QR, rank check and covariance as <see cref="Fit(double[][], double[])"/>. The residual
    /// sums come from R too: SSE = R²_{p−1,p−1} (the squared norm of the least-squares residual; for a ridge or
    /// rank-deficient fit ‖R·v‖² with v = (−c₀, −β, 1), the residual of the returned solution, c₀ the intercept in
    /// the shifted coordinates), and TSS = Σ_{i≥1} R²_{i,p−1} around the mean (Σ_i R²_{i,p−1} = Σyᵢ² without an
    /// intercept). So the coefficients, standard errors, R², adjusted R², F, log-likelihood, AIC, BIC and the
    /// residual SD equal the single fit of all rows up to rounding; the mean absolute error and Durbin–Watson need
    /// the residuals in row order and are NaN, named in <see cref="RegressionSummary.Undefined"/>.
    /// </summary>
    /// <remarks>A ridge fit (L2 &gt; 0) with <see cref="LinearRegressionOptions.Standardize"/> reads each feature's
    /// population standard deviation from R (sdⱼ = ‖R[1..j+1, j+1]‖/√n, the centred column's norm), which needs the
    /// intercept column.</remarks>
    /// <param name="accumulator">The rows, reduced (not changed by the fit, except that its pending rows are reduced).</param>
    /// <param name="featureNames">Names for the k features; null for x1, x2, ….</param>
    /// <param name="targetName">Name of the target for the summary; null for <c>y</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="accumulator"/> is null.</exception>
    /// <exception cref="ArgumentException">The accumulator holds no rows or more than <see cref="int.MaxValue"/> (the
    /// summary's <see cref="RegressionSummary.Observations"/> is an int), its intercept differs from
    /// <see cref="LinearRegressionOptions.FitIntercept"/>, or the names are not one per feature.</exception>
    /// <exception cref="NotSupportedException">The solver is not <see cref="LinearSolver.Qr"/> (gradient descent needs
    /// the rows), or a ridge fit standardises without an intercept.</exception>
    /// <exception cref="RankDeficientException">The columns are collinear, or there are fewer rows than parameters
    /// (see <see cref="LinearRegressionOptions.RankDeficiency"/>).</exception>
    public LinearRegressionModel Fit(LinearRegressionAccumulator accumulator, IReadOnlyList<string>? featureNames, string? targetName = null)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        var o = _options;
        if (o.Solver != LinearSolver.Qr)
            MicroGradThrow.NotSupported_AccumulatorSolver(o.Solver);
        if (accumulator.FitIntercept != o.FitIntercept)
            MicroGradThrow.Argument_AccumulatorIntercept(nameof(accumulator), accumulator.FitIntercept, o.FitIntercept);
        if (o.L2 > 0 && o.Standardize && !o.FitIntercept)
            MicroGradThrow.NotSupported_AccumulatorRidgeScales();
        var k = accumulator.FeatureCount;
        var names = Names(featureNames, k);
        var n = accumulator.Rows;
        if (n == 0)
            MicroGradThrow.Argument_AccumulatorEmpty(nameof(accumulator));
        if (n > int.MaxValue)
            MicroGradThrow.Argument_AccumulatorTooManyRows(nameof(accumulator), n);
        RequireObservations(n, k);

        var acc = accumulator.Triangle;
        var shift = accumulator.Shift;
        var yShift = accumulator.YShift;
        var fit = FactorTriangle(acc, shift, yShift, names, targetName ?? "y");
        double intercept;
        double[] beta;
        var r = acc.R();
        var p = acc.Columns;
        var first = o.FitIntercept ? 1 : 0;
        if (o.L2 > 0)
        {
            var sds = new double[k];
            for (var j = 0; j < k; j++)
            {
                var sd = PivotedQr.Norm(r.AsSpan((first + j) * p + first, j + 1)) / Math.Sqrt(n);
                sds[j] = o.Standardize && sd > 0 ? sd : 1.0;
            }
            beta = Ridge(acc, shift, yShift, sds, out intercept);
        }
        else
        {
            beta = SolveTriangle(fit, out intercept);
        }
        var rho = r[p * p - 1];
        var sse = o.L2 == 0 && fit.Rank == k ? rho * rho : ResidualNormSquared(r, p, first, shift, yShift, intercept, beta);
        var tss = 0.0;
        for (var i = first; i < p; i++)
            tss += r[(p - 1) * p + i] * r[(p - 1) * p + i];
        var residuals = ResidualAccumulator.FromSums(n, sse, tss, o.FitIntercept);
        return Model(fit, residuals, intercept, beta, names, [], targetName);
    }

    /// <summary>‖e‖² for e = y − b − X·β from the triangle alone: e = A·v with A = [1 | X − s | y − s_y] and
    /// v = (−c₀, −β, 1), c₀ = b + s·β − s_y, and ‖A·v‖ = ‖R·v‖ because A = Q·R.</summary>
    private static double ResidualNormSquared(double[] r, int p, int first, double[] shift, double yShift, double intercept, double[] beta)
    {
        var v = new double[p];
        if (first == 1)
            v[0] = -(intercept + LeastSquares.Dot(shift, beta) - yShift);
        for (var j = 0; j < beta.Length; j++)
            v[first + j] = -beta[j];
        v[p - 1] = 1;
        var sum = 0.0;
        for (var i = 0; i < p; i++)
        {
            var e = 0.0;
            for (var j = i; j < p; j++)
                e += r[j * p + i] * v[j];
            sum += e * e;
        }
        return sum;
    }
}
