using System.Globalization;

namespace MicroGrad;

/// <summary>
/// Compares the gradients of <see cref="Value.Backward"/> (or <see cref="Tensor.Backward"/>) with central finite differences, in double precision,
/// with the tolerances of <c>torch.autograd.gradcheck</c>: an input passes when
/// <c>|analytic − numeric| ≤ atol + rtol·|numeric|</c>.
/// </summary>
public static partial class GradCheck
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
        var leaves = Leaves(function, inputs, eps, atol, rtol, names);
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

    // The checks both Value overloads make, in the same order, and the leaves labelled by the names.
    private static Value[] Leaves(Func<IReadOnlyList<Value>, Value> function, IReadOnlyList<double> inputs, double eps,
        double atol, double rtol, IReadOnlyList<string>? names)
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
                MicroGradThrow.Argument_NullItem(nameof(names), "names", i, "strings");
            leaves[i] = new Value(inputs[i], name);
        }
        return leaves;
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
        double minus, double eps, double atol, double rtol) =>
        Entry(index, label, input, NotFinite("input", input) ?? NotFinite("function value", output), analytic, plus, minus,
            eps, atol, rtol, "gradient");

    // The comparison itself, for first and second order: `notFinite` is the reason found in what the derivative is
    // taken of (inputs, function value), `what` names the derivative in a reason ("gradient", "second derivative").
    private static GradCheckEntry Entry(int index, string label, double input, string? notFinite, double analytic,
        double plus, double minus, double eps, double atol, double rtol, string what)
    {
        var numeric = (plus - minus) / (2.0 * eps);
        var error = Math.Abs(analytic - numeric);
        var reason = notFinite ?? NotFinite("analytic " + what, analytic) ?? NotFinite("numeric " + what, numeric)
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
