namespace MicroGrad.Regression;

// From the triangle R of the data to the solution: the scaled design, its pivoted QR, the checks of range and rank.
public sealed partial class LinearRegression
{
    /// <summary>What the triangle of the data gives: the scaled design, its pivoted QR, the rank, the standard-error
    /// factors of the summary and the condition number.</summary>
    private sealed record TriangleFit(LeastSquares.Design Design, PivotedQr Qr, int Rank, double[] StandardErrorFactors, double ConditionNumber)
    {
        /// <summary>The double-double Gram factor of a refined fit that summed it: its covariance is more accurate
        /// than the triangle's on ill-conditioned data (<see cref="LeastSquares.GramFactor.Covariances"/>).</summary>
        public LeastSquares.GramFactor? Gram { get; init; }
    }

    private TriangleFit FactorTriangle(TsqrAccumulator acc, double[] shift, double yShift, IReadOnlyList<string> names, string targetName,
        double weightSum = double.NaN)
    {
        var o = _options;
        var r = acc.R();
        // Scaled sums keep every norm finite that a double can hold; beyond that (a column of values near 1e308)
        // nothing can be fitted in double precision, and the first column that overflowed is named.
        var overflow = LeastSquares.FirstNonFiniteColumn(r, acc.Columns);
        if (overflow >= 0)
        {
            var feature = overflow - (o.FitIntercept ? 1 : 0);
            MicroGradThrow.Argument_OutOfDoubleRange(feature < names.Count ? names[Math.Max(feature, 0)] : targetName);
        }
        // The target is not scaled: its residuals' squares are summed plainly (SSE, R², the standard errors), so a
        // target whose (centred) norm is beyond 2^±500 would give a zero or infinite residual variance.
        var p = acc.Columns;
        var first = o.FitIntercept ? 1 : 0;
        var targetNorm = PivotedQr.Norm(r.AsSpan((p - 1) * p + first, p - first));
        if (targetNorm > 0 && (targetNorm < LeastSquares.SmallestSquarable || targetNorm > 1 / LeastSquares.SmallestSquarable))
            MicroGradThrow.Argument_OutOfDoubleRange(targetName);
        var design = LeastSquares.FromTriangle(r, acc.Columns, o.FitIntercept, acc.Rows, shift, yShift, o.RankTolerance, weightSum);
        var qr = LeastSquares.Factor(design, o.RankTolerance);
        var k = design.Columns;
        if (qr.Rank < k && o.RankDeficiency == RankDeficiency.Throw)
        {
            var message = LeastSquares.CollinearityMessage(qr, design, names, o.RankTolerance, out var collinear);
            MicroGradThrow.RankDeficient_Collinear(message, collinear);
        }
        var rank = qr.Rank;
        double[] standardErrorFactors;
        if (qr.Rank == k)
            standardErrorFactors = LeastSquares.StandardErrorFactors(qr, design);
        else
            LeastSquares.MinimumNorm(design, o.RankTolerance, out _, out standardErrorFactors, out rank);
        var condition = LeastSquares.ConditionNumber(r, acc.Columns, o.FitIntercept, shift);
        return new TriangleFit(design, qr, rank, standardErrorFactors, condition);
    }

    private double[] SolveTriangle(TriangleFit fit, out double intercept) =>
        fit.Qr.Rank == fit.Design.Columns
            ? LeastSquares.Solve(fit.Qr, fit.Design, out intercept)
            : LeastSquares.MinimumNorm(fit.Design, _options.RankTolerance, out intercept, out _, out _);

    /// <summary>Passes over the rows at most this often to refine a QR solution (1: no refinement; tests and
    /// benchmarks compare with it).</summary>
    internal int RefinementPasses { get; init; } = LeastSquares.RefinementPasses;

    /// <summary>
    /// The statistics pass of a solution, refined (<see cref="LeastSquares.Correct"/>) when it is the QR solver's
    /// full-rank, unpenalised one: each pass is a fresh <see cref="Residuals"/> of the current (b, β) fed by
    /// <paramref name="pass"/>; its double-double gradient gives the correction, and the next pass runs with the
    /// corrected solution. Stops when the correction changes no bit, when a step would raise the double-double SSE
    /// (the guard: SSE − SSE_min = ‖X(β − β*)‖² decreases toward the exact solution, so a rise means the step came from
    /// rounding, not from the data), after <see cref="RefinementPasses"/> passes, or — for large data — when the
    /// correction cannot change SSE as a double (then the correction is taken without another pass, and the statistics
    /// are those of the pass before it, equal to SSE's resolution). With the Gram matrix summed
    /// (<see cref="LeastSquares.WantsGram"/>) the standard-error factors come from its double-double Cholesky.
    /// </summary>
    private ResidualAccumulator RefinedResiduals(ref TriangleFit fit, ref double intercept, ref double[] beta,
        Action<ResidualAccumulator> pass, bool weighted = false, double sumLogWeights = 0)
    {
        var o = _options;
        var d = fit.Design;
        var refine = RefinementPasses > 1 && o.Solver == LinearSolver.Qr && o.L2 == 0 && fit.Qr.Rank == d.Columns && d.Columns > 0;
        var acc = Pass(fit, intercept, beta, pass, weighted, sumLogWeights, refine && LeastSquares.WantsGram(fit.Qr, d, d.Observations));
        if (!refine)
            return acc;
        var gram = acc.HasGram ? LeastSquares.FactorGram(acc, d.Centred, d.Columns) : null;
        if (gram is not null)
            fit = fit with { StandardErrorFactors = gram.StandardErrorFactors() };
        var small = acc.Count * (long)(d.Columns + 1) * (d.Columns + 1) <= LeastSquares.SmallGram;
        var (finalIntercept, finalBeta) = (acc.Intercept, acc.Beta);
        for (var i = 1; i < RefinementPasses; i++)
        {
            if (!LeastSquares.Correct(d, fit.Qr, gram, acc, out var nextIntercept, out var nextBeta, out var atUlp))
                break;
            if (atUlp && !small)
            {
                // The step cannot change SSE as a double, so a pass to check it would see the same sums: take it without
                // one when its solver converges (the double-double Gram, or seminormal equations at κ̃ ≤ IllConditioned,
                // which contract by κ̃²u ≤ 10⁻¹⁰). The sums and the observer keep this pass's residuals, which differ from
                // the corrected ones by |xᵢ·δ|, below the resolution of SSE. Discarding the step instead would keep the
                // QR's cancelled intercept digits on large data (Wampler4 repeated to 10⁶ rows: 7.9 digits, not 15).
                if (gram is not null || LeastSquares.ConditionEstimate(fit.Qr) <= LeastSquares.IllConditioned)
                    (finalIntercept, finalBeta) = (nextIntercept, nextBeta);
                break;
            }
            var next = Pass(fit, nextIntercept, nextBeta, pass, weighted, sumLogWeights, false);
            // Compared as doubles: a rise below double's resolution (a relative 10⁻²⁵ on Longley) is the rounding of the
            // double-double sums themselves, not a worse solution, and rejecting it would keep the QR's last digits.
            if (next.SumSquares > acc.SumSquares)
                break;
            acc = next;
            (finalIntercept, finalBeta) = (acc.Intercept, acc.Beta);
        }
        intercept = finalIntercept;
        beta = finalBeta;
        if (gram is not null)
            fit = fit with { Gram = gram };
        return acc;
    }

    private ResidualAccumulator Pass(TriangleFit fit, double intercept, double[] beta, Action<ResidualAccumulator> pass,
        bool weighted, double sumLogWeights, bool gram)
    {
        var acc = Residuals(fit, intercept, beta);
        acc.Weighted = weighted;
        acc.SumLogWeights = sumLogWeights;
        if (gram)
            acc.CollectGram();
        pass(acc);
        return acc;
    }
}


