using System.Text;

namespace MicroGrad;

/// <summary>One input (one element of a tensor input) of a <see cref="GradCheck"/>: its analytic and numeric gradient and
/// their absolute difference; for <see cref="GradCheck.CheckSecondOrder"/>, one pair of inputs (i, j) and its second
/// derivative <c>∂/∂xᵢ (∂f/∂xⱼ)</c>.</summary>
/// <param name="Index">Position of the input; for a second-order check <c>i·n + j</c>.</param>
/// <param name="Label">The input's name (x0, x1, … unless names were given); for a second-order check
/// <c>∂²/∂xᵢ∂xⱼ</c>, or <c>∂²/∂xᵢ²</c> when i = j.</param>
/// <param name="Input">The input's value; for a second-order check, xᵢ's (the input moved by the finite difference).</param>
/// <param name="Analytic">The gradient from <see cref="Value.Backward"/> (or <see cref="Tensor.Backward"/>); for a
/// second-order check, the derivative of the gradient graph (<see cref="Autograd.Grad"/> with <c>createGraph</c>).</param>
/// <param name="Numeric">The central finite difference (of the function, or of the analytic gradient).</param>
/// <param name="Error"><c>|Analytic − Numeric|</c>.</param>
/// <param name="Passed">Whether the input, the function's value and both gradients are finite and
/// <c>Error ≤ atol + rtol·|Numeric|</c>.</param>
/// <param name="Failure">Why the input failed, null when it passed: the first of the input, the function value, the
/// analytic and the numeric gradient that is NaN or ±∞ (<c>"numeric gradient is nan"</c>; for a second-order check
/// <c>"input x is nan"</c>, <c>"analytic second derivative is inf"</c>, …), else
/// <c>"error > atol + rtol·|numeric|"</c>.</param>
public sealed record GradCheckEntry(int Index, string Label, double Input, double Analytic, double Numeric, double Error, bool Passed,
    string? Failure = null);

/// <summary>The result of a <see cref="GradCheck"/> check (of values or of tensors).</summary>
public sealed class GradCheckReport
{
    internal GradCheckReport(double output, IReadOnlyList<GradCheckEntry> entries, double eps, double atol, double rtol,
        int order = 1)
    {
        Order = order;
        Output = output;
        Entries = entries;
        Epsilon = eps;
        AbsoluteTolerance = atol;
        RelativeTolerance = rtol;
        // A NaN or infinite value fails even a check over no input (torch.allclose: equal_nan=False).
        var passed = double.IsFinite(output);
        foreach (var e in entries)
            passed &= e.Passed;
        Passed = passed;
    }

    /// <summary>Whether the function's value is finite and every input passed.</summary>
    public bool Passed { get; }

    /// <summary>The function's value at the checked point.</summary>
    public double Output { get; }

    /// <summary>1 when the report compares gradients (<see cref="GradCheck.Check(Func{IReadOnlyList{Value}, Value}, IReadOnlyList{double}, double, double, double, IReadOnlyList{string})"/>),
    /// 2 when it compares second derivatives (<see cref="GradCheck.CheckSecondOrder"/>).</summary>
    public int Order { get; }

    /// <summary>One entry per input, in order; for a second-order check one per pair of inputs, row-major.</summary>
    public IReadOnlyList<GradCheckEntry> Entries { get; }

    /// <summary>The finite-difference step used.</summary>
    public double Epsilon { get; }

    /// <summary>The absolute tolerance used.</summary>
    public double AbsoluteTolerance { get; }

    /// <summary>The relative tolerance used.</summary>
    public double RelativeTolerance { get; }

    /// <summary>A table: input, value, analytic, numeric, error, and ok/FAIL (with the reason) per row, then the verdict.
    /// Numbers are written as in the tool's other tables, six significant digits (<see cref="Format.Short"/>: <c>-1.5</c>,
    /// <c>6.67e-05</c>, <c>nan</c>, <c>inf</c>); the error column shows how far apart two equal-looking gradients are.
    /// A second-order report has a "second derivative" column instead of input and value (one value would not describe
    /// a pair of inputs) and its verdict reads "second-order gradcheck passed" (or FAILED).</summary>
    public override string ToString()
    {
        var secondOrder = Order == 2;
        var rows = new string[Entries.Count][];
        for (var i = 0; i < rows.Length; i++)
        {
            var e = Entries[i];
            var result = e.Passed ? "ok" : e.Failure is { } why ? "FAIL  " + why : "FAIL";
            rows[i] = secondOrder
                ? [e.Label, Format.Short(e.Analytic), Format.Short(e.Numeric), Format.Short(e.Error), result]
                : [e.Label, Format.Short(e.Input), Format.Short(e.Analytic), Format.Short(e.Numeric), Format.Short(e.Error), result];
        }
        string[] header = secondOrder
            ? ["second derivative", "analytic", "numeric", "error", "result"]
            : ["input", "value", "analytic", "numeric", "error", "result"];
        // Each column is as wide as its widest cell; the name column at least 8, the numbers right-aligned.
        var widths = new int[header.Length];
        widths[0] = 8;
        for (var c = 0; c < header.Length; c++)
        {
            widths[c] = Math.Max(widths[c], header[c].Length);
            foreach (var row in rows)
                widths[c] = Math.Max(widths[c], row[c].Length);
        }
        var sb = new StringBuilder();
        AppendRow(sb, header, widths);
        foreach (var row in rows)
            AppendRow(sb, row, widths);
        sb.Append(secondOrder ? "second-order gradcheck " : "gradcheck ").Append(Passed ? "passed" : "FAILED");
        if (GradCheck.NotFinite("function value", Output) is { } output)
            sb.Append(": ").Append(output);
        sb.Append(" (eps ").Append(Format.Short(Epsilon)).Append(", atol ").Append(Format.Short(AbsoluteTolerance))
            .Append(", rtol ").Append(Format.Short(RelativeTolerance)).Append(')');
        return sb.ToString();
    }

    private static void AppendRow(StringBuilder sb, string[] cells, int[] widths)
    {
        sb.Append(cells[0].PadRight(widths[0]));
        for (var c = 1; c < cells.Length - 1; c++)
            sb.Append(' ').Append(cells[c].PadLeft(widths[c]));
        sb.Append("  ").Append(cells[^1]).AppendLine();
    }
}
