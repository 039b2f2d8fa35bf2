using System.Globalization;
using System.Text;

namespace MicroGrad;

/// <summary>
/// Compares the gradients of <see cref="Value.Backward"/> (or <see cref="Tensor.Backward"/>) with central finite differences, in double precision,
/// with the tolerances of <c>torch.autograd.gradcheck</c>: an input passes when
/// <c>|analytic − numeric| ≤ atol + rtol·|numeric|</c>.
/// </summary>
public static class GradCheck
{
    /// <summary>Default finite-difference step (PyTorch's).</summary>
    public const double DefaultEpsilon = 1e-6;

    /// <summary>Default absolute tolerance (PyTorch's).</summary>
    public const double DefaultAbsoluteTolerance = 1e-5;

    /// <summary>Default relative tolerance (PyTorch's).</summary>
    public const double DefaultRelativeTolerance = 1e-3;

    /// <summary>
    /// Evaluates <paramref name="function"/> at <paramref name="inputs"/>, back-propagates, and compares each input's
    /// gradient with <c>(f(x + eps·eᵢ) − f(x − eps·eᵢ)) / (2·eps)</c>.
    /// </summary>
    /// <param name="function">Builds the output from fresh leaves holding the inputs (labelled by
    /// <paramref name="names"/>). It must depend only on its arguments: it is called 2·n + 1 times.</param>
    /// <param name="inputs">The point at which to check.</param>
    /// <param name="eps">Finite-difference step.</param>
    /// <param name="atol">Absolute tolerance.</param>
    /// <param name="rtol">Relative tolerance (of the numeric gradient).</param>
    /// <param name="names">One name per input, used as the leaves' labels and in the report; by default x0, x1, ….</param>
    /// <returns>A report with one entry per input and whether all passed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="inputs"/> is null, or the
    /// function returned null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A step or tolerance is negative, NaN or infinite, or the step is 0.</exception>
    /// <exception cref="ArgumentException"><paramref name="names"/> does not hold one non-null name per input.</exception>
    public static GradCheckReport Check(
        Func<IReadOnlyList<Value>, Value> function,
        IReadOnlyList<double> inputs,
        double eps = DefaultEpsilon,
        double atol = DefaultAbsoluteTolerance,
        double rtol = DefaultRelativeTolerance,
        IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(inputs);
        if (names is not null && names.Count != inputs.Count)
            MicroGradThrow.Argument_CountMismatch(nameof(names), "names", inputs.Count, names.Count, "one per input");
        CheckTolerances(eps, atol, rtol);

        var leaves = new Value[inputs.Count];
        for (var i = 0; i < leaves.Length; i++)
        {
            var name = names is null ? "x" + i.ToString(CultureInfo.InvariantCulture) : names[i];
            if (name is null)
                MicroGradThrow.Argument_NullItem(nameof(names), "a name", i);
            leaves[i] = new Value(inputs[i], name);
        }
        var output = Call(function, leaves);
        output.Backward();

        var point = new double[inputs.Count];
        var entries = new GradCheckEntry[inputs.Count];
        using (Value.NoGrad())
        {
            for (var i = 0; i < point.Length; i++)
            {
                for (var j = 0; j < point.Length; j++)
                    point[j] = inputs[j];
                point[i] = inputs[i] + eps;
                var plus = Evaluate(function, point);
                point[i] = inputs[i] - eps;
                var minus = Evaluate(function, point);
                entries[i] = Entry(i, leaves[i].Label!, inputs[i], output.Data, leaves[i].Grad, plus, minus, eps, atol, rtol);
            }
        }
        return new GradCheckReport(output.Data, entries, eps, atol, rtol);
    }

    /// <summary>
    /// As <see cref="Check(Func{IReadOnlyList{Value}, Value}, IReadOnlyList{double}, double, double, double, IReadOnlyList{string})"/>
    /// for tensors: evaluates <paramref name="function"/> at copies of <paramref name="inputs"/>, back-propagates, and
    /// compares the gradient of every element of every input with <c>(f(x + eps·eᵢ) − f(x − eps·eᵢ)) / (2·eps)</c>.
    /// </summary>
    /// <param name="function">Builds a 1×1 output from fresh leaves holding copies of the inputs (labelled as the
    /// inputs, or x0, x1, …). It must depend only on its arguments: it is called 2·(number of elements) + 1 times.</param>
    /// <param name="inputs">The point at which to check; neither their data nor their gradients are changed.</param>
    /// <param name="eps">Finite-difference step.</param>
    /// <param name="atol">Absolute tolerance.</param>
    /// <param name="rtol">Relative tolerance (of the numeric gradient).</param>
    /// <returns>A report with one entry per element, inputs in order and each row-major, labelled
    /// <c>name[row,column]</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/>, <paramref name="inputs"/> or an input is
    /// null, or the function returned null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A step or tolerance is negative, NaN or infinite, or the step is 0.</exception>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">The function's output is not 1×1.</exception>
    public static GradCheckReport Check(
        Func<IReadOnlyList<Tensor>, Tensor> function,
        IReadOnlyList<Tensor> inputs,
        double eps = DefaultEpsilon,
        double atol = DefaultAbsoluteTolerance,
        double rtol = DefaultRelativeTolerance)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(inputs);
        CheckTolerances(eps, atol, rtol);
        // A check over no element would pass without looking at anything.
        if (inputs.Count == 0)
            MicroGradThrow.Argument_EmptyDataSet(nameof(inputs), "input tensor to check");

        var leaves = new Tensor[inputs.Count];
        for (var i = 0; i < leaves.Length; i++)
        {
            var input = inputs[i] ?? MicroGradThrow.ArgumentNull_Tensor(nameof(inputs), "input", i);
            leaves[i] = new Tensor(input.Rows, input.Columns, (double[])input.Data.Clone(),
                input.Label ?? "x" + i.ToString(CultureInfo.InvariantCulture));
        }
        var output = Call(function, leaves);
        output.Backward();

        var entries = new List<GradCheckEntry>();
        using (Value.NoGrad())
        {
            var point = new Tensor[leaves.Length];
            for (var i = 0; i < leaves.Length; i++)
                point[i] = new Tensor(leaves[i].Rows, leaves[i].Columns, (double[])inputs[i].Data.Clone());
            for (var i = 0; i < leaves.Length; i++)
            {
                var data = point[i].Data;
                for (var k = 0; k < data.Length; k++)
                {
                    var x = data[k];
                    data[k] = x + eps;
                    var plus = Call(function, point).Data[0];
                    data[k] = x - eps;
                    var minus = Call(function, point).Data[0];
                    data[k] = x;
                    var label = string.Create(CultureInfo.InvariantCulture, $"{leaves[i].Label}[{k / leaves[i].Columns},{k % leaves[i].Columns}]");
                    entries.Add(Entry(entries.Count, label, x, output.Data[0], leaves[i].Grad[k], plus, minus, eps, atol, rtol));
                }
            }
        }
        return new GradCheckReport(output.Data[0], entries, eps, atol, rtol);
    }

    private static void CheckTolerances(double eps, double atol, double rtol)
    {
        // Finite too: an infinite step makes every difference nan, an infinite tolerance passes anything.
        if (!(eps > 0 && double.IsFinite(eps)))
            MicroGradThrow.ArgumentOutOfRange(nameof(eps), eps, "a positive, finite step");
        if (!(atol >= 0 && double.IsFinite(atol)))
            MicroGradThrow.ArgumentOutOfRange(nameof(atol), atol, "a non-negative finite tolerance");
        if (!(rtol >= 0 && double.IsFinite(rtol)))
            MicroGradThrow.ArgumentOutOfRange(nameof(rtol), rtol, "a non-negative finite tolerance");
    }

    // One input's comparison: the central difference from f(x + eps) and f(x − eps) against the analytic gradient.
    // NaN or ±∞ anywhere is a failure that names where it appeared, as torch.autograd.gradcheck does through
    // torch.allclose's default equal_nan=False: a NaN never equals a NaN, so "NaN vs NaN" cannot pass, and an infinite
    // error would otherwise pass as ∞ ≤ atol + rtol·∞.
    private static GradCheckEntry Entry(int index, string label, double input, double output, double analytic, double plus,
        double minus, double eps, double atol, double rtol)
    {
        var numeric = (plus - minus) / (2.0 * eps);
        var error = Math.Abs(analytic - numeric);
        var reason = NotFinite("input", input) ?? NotFinite("function value", output) ?? NotFinite("analytic gradient", analytic)
            ?? NotFinite("numeric gradient", numeric)
            ?? (error <= atol + rtol * Math.Abs(numeric) ? null : "error > atol + rtol·|numeric|");
        return new GradCheckEntry(index, label, input, analytic, numeric, error, reason is null, reason);
    }

    /// <summary>"<paramref name="what"/> is nan" (or inf, -inf), in the tool's spelling; null for a finite number.</summary>
    internal static string? NotFinite(string what, double x) => double.IsFinite(x) ? null : what + " is " + Format.Short(x);

    private static Tensor Call(Func<IReadOnlyList<Tensor>, Tensor> function, Tensor[] leaves) =>
        function(leaves) ?? MicroGradThrow.ArgumentNull_Tensor(nameof(function), "the function's result", -1);

    private static double Evaluate(Func<IReadOnlyList<Value>, Value> function, double[] point)
    {
        var leaves = new Value[point.Length];
        for (var i = 0; i < leaves.Length; i++)
            leaves[i] = new Value(point[i]);
        return Call(function, leaves).Data;
    }

    private static Value Call(Func<IReadOnlyList<Value>, Value> function, Value[] leaves) =>
        function(leaves) ?? MicroGradThrow.ArgumentNull_FunctionResult(nameof(function));
}

/// <summary>One input (one element of a tensor input) of a <see cref="GradCheck"/>: its analytic and numeric gradient and their absolute difference.</summary>
/// <param name="Index">Position of the input.</param>
/// <param name="Label">The input's name (x0, x1, … unless names were given).</param>
/// <param name="Input">The input's value.</param>
/// <param name="Analytic">The gradient from <see cref="Value.Backward"/> (or <see cref="Tensor.Backward"/>).</param>
/// <param name="Numeric">The central finite difference.</param>
/// <param name="Error"><c>|Analytic − Numeric|</c>.</param>
/// <param name="Passed">Whether the input, the function's value and both gradients are finite and
/// <c>Error ≤ atol + rtol·|Numeric|</c>.</param>
/// <param name="Failure">Why the input failed, null when it passed: the first of the input, the function value, the
/// analytic and the numeric gradient that is NaN or ±∞ (<c>"numeric gradient is nan"</c>), else
/// <c>"error > atol + rtol·|numeric|"</c>.</param>
public sealed record GradCheckEntry(int Index, string Label, double Input, double Analytic, double Numeric, double Error, bool Passed,
    string? Failure = null);

/// <summary>The result of a <see cref="GradCheck"/> check (of values or of tensors).</summary>
public sealed class GradCheckReport
{
    internal GradCheckReport(double output, IReadOnlyList<GradCheckEntry> entries, double eps, double atol, double rtol)
    {
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

    /// <summary>One entry per input, in order.</summary>
    public IReadOnlyList<GradCheckEntry> Entries { get; }

    /// <summary>The finite-difference step used.</summary>
    public double Epsilon { get; }

    /// <summary>The absolute tolerance used.</summary>
    public double AbsoluteTolerance { get; }

    /// <summary>The relative tolerance used.</summary>
    public double RelativeTolerance { get; }

    /// <summary>A table: input, value, analytic, numeric, error, and ok/FAIL (with the reason) per row, then the verdict.
    /// Numbers are written as in the tool's other tables, six significant digits (<see cref="Format.Short"/>: <c>-1.5</c>,
    /// <c>6.67e-05</c>, <c>nan</c>, <c>inf</c>); the error column shows how far apart two equal-looking gradients are.</summary>
    public override string ToString()
    {
        var rows = new string[Entries.Count][];
        for (var i = 0; i < rows.Length; i++)
        {
            var e = Entries[i];
            rows[i] = [e.Label, Format.Short(e.Input), Format.Short(e.Analytic), Format.Short(e.Numeric), Format.Short(e.Error),
                e.Passed ? "ok" : e.Failure is { } why ? "FAIL  " + why : "FAIL"];
        }
        string[] header = ["input", "value", "analytic", "numeric", "error", "result"];
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
        sb.Append("gradcheck ").Append(Passed ? "passed" : "FAILED");
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
