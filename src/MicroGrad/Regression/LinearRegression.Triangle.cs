namespace MicroGrad.Regression;

// From the triangle R of the data to the solution: the scaled design, its pivoted QR, the checks of range and rank.
public sealed partial class LinearRegression
{
    /// <summary>What the triangle of the data gives: the scaled design, its pivoted QR, the rank, the standard-error
    /// factors of the summary and the condition number.</summary>
    private sealed record TriangleFit(LeastSquares.Design Design, PivotedQr Qr, int Rank, double[] StandardErrorFactors, double ConditionNumber);

    private TriangleFit FactorTriangle(TsqrAccumulator acc, double[] shift, double yShift, IReadOnlyList<string> names, string targetName)
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
        var design = LeastSquares.FromTriangle(r, acc.Columns, o.FitIntercept, acc.Rows, shift, yShift, o.RankTolerance);
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
}
