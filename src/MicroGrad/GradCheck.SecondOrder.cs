namespace MicroGrad;

public static partial class GradCheck
{
    /// <summary>
    /// PyTorch's <c>torch.autograd.gradgradcheck</c> for values: compares every second derivative that
    /// <see cref="Autograd.Grad"/> gives by differentiating its own gradient graph (<see cref="Autograd.Hessian(Value, IReadOnlyList{Value})"/>)
    /// with central differences of the analytic gradient, <c>(∂f/∂xⱼ(x + eps·eᵢ) − ∂f/∂xⱼ(x − eps·eᵢ)) / (2·eps)</c>.
    /// A pair (i, j) passes when <c>|analytic − numeric| ≤ atol + rtol·|numeric|</c>.
    /// </summary>
    /// <remarks>
    /// <para>Entry (i, j), at index <c>i·n + j</c> and labelled <c>∂²/∂xᵢ∂xⱼ</c> (<c>∂²/∂xᵢ²</c> on the diagonal), is
    /// <c>∂/∂xᵢ (∂f/∂xⱼ)</c>: the analytic side differentiates the gradient graph of ∂f/∂xⱼ by xᵢ, and the numeric side
    /// moves xᵢ and reads ∂f/∂xⱼ, so both sides take the same derivative of the same gradient and an asymmetric
    /// Hessian is caught, not averaged away. The gradients at the moved points come from <see cref="Autograd.Grad"/>
    /// (no graph kept, nothing written to any <see cref="Value.Grad"/>), so the check tests that the gradient's graph
    /// is the derivative of the gradient's numbers.</para>
    /// <para>Costs n + 1 reverse passes at the point and 2·n evaluations and reverse passes around it, for n inputs.
    /// The report's <see cref="GradCheckReport.Order"/> is 2 and its table says "second derivative".</para>
    /// </remarks>
    /// <param name="function">Builds the output from fresh leaves holding the inputs (labelled by
    /// <paramref name="names"/> at the point, unlabelled around it). It must depend only on its arguments: it is
    /// called 2·n + 1 times.</param>
    /// <param name="inputs">The point at which to check.</param>
    /// <param name="eps">Finite-difference step.</param>
    /// <param name="atol">Absolute tolerance.</param>
    /// <param name="rtol">Relative tolerance (of the numeric second derivative).</param>
    /// <param name="names">One name per input, used as the leaves' labels and in the report; by default x0, x1, ….</param>
    /// <returns>A report with n² entries, row-major over (i, j), and whether all passed. An entry fails, naming the
    /// first cause, when xᵢ or xⱼ (<c>"input x is nan"</c>), the function's value, the analytic or the numeric second
    /// derivative (<c>"numeric second derivative is inf"</c>) is NaN or ±∞, else when the error is too large.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="inputs"/> is null, or the
    /// function returned null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A step or tolerance is negative, NaN or infinite, or the step is 0.</exception>
    /// <exception cref="ArgumentException"><paramref name="names"/> does not hold one non-null name per input.</exception>
    /// <exception cref="InvalidOperationException">Called inside <see cref="Value.NoGrad"/>, where no graph is
    /// recorded to differentiate.</exception>
    /// <exception cref="ArithmeticException">In a <see cref="Value.DetectAnomaly"/> scope, when a gradient becomes NaN
    /// or ±∞ (see <see cref="Autograd.Grad"/>).</exception>
    public static GradCheckReport CheckSecondOrder(
        Func<IReadOnlyList<Value>, Value> function,
        IReadOnlyList<double> inputs,
        double eps = DefaultEpsilon,
        double atol = DefaultAbsoluteTolerance,
        double rtol = DefaultRelativeTolerance,
        IReadOnlyList<string>? names = null)
    {
        var leaves = Leaves(function, inputs, eps, atol, rtol, names);
        // Refused here rather than by Hessian, so that the message names the method the caller called.
        if (Value.AnyScopeOpen && Value.NoGradActive)
            MicroGradThrow.InvalidOperation_NoGraphRecorded(nameof(CheckSecondOrder));
        var output = Call(function, leaves);
        // hessian[j, i] is the derivative by xᵢ of the gradient graph of ∂f/∂xⱼ (Autograd.Hessian's rows).
        var hessian = Autograd.Hessian(output, leaves);

        var n = leaves.Length;
        var entries = new GradCheckEntry[n * n];
        var point = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < n; k++)
                point[k] = inputs[k];
            point[i] = inputs[i] + eps;
            var plus = Gradient(function, point);
            point[i] = inputs[i] - eps;
            var minus = Gradient(function, point);
            for (var j = 0; j < n; j++)
            {
                var xi = leaves[i].Label!;
                var xj = leaves[j].Label!;
                var label = i == j ? "∂²/∂" + xi + "²" : "∂²/∂" + xi + "∂" + xj;
                var notFinite = NotFinite("input " + xi, inputs[i]) ?? NotFinite("input " + xj, inputs[j])
                    ?? NotFinite("function value", output.Data);
                entries[i * n + j] = Entry(i * n + j, label, inputs[i], notFinite, hessian[j, i], plus[j], minus[j],
                    eps, atol, rtol, "second derivative");
            }
        }
        return new GradCheckReport(output.Data, entries, eps, atol, rtol, order: 2);
    }

    // ∇f at the point, by Autograd.Grad without a graph: numbers, and no Value.Grad written anywhere.
    private static double[] Gradient(Func<IReadOnlyList<Value>, Value> function, double[] point)
    {
        var leaves = new Value[point.Length];
        for (var i = 0; i < leaves.Length; i++)
            leaves[i] = new Value(point[i]);
        var grads = Autograd.Grad(Call(function, leaves), leaves);
        var result = new double[grads.Length];
        for (var i = 0; i < result.Length; i++)
            result[i] = grads[i].Data;
        return result;
    }
}
