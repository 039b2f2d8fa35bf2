using System.Runtime.CompilerServices;

namespace MicroGrad.NN;

/// <summary>
/// A piece of a network that owns parameters (micrograd's <c>nn.Module</c>): <see cref="Parameters"/> lists them in a
/// fixed order and <see cref="ZeroGrad"/> resets their gradients.
/// </summary>
public abstract class Module
{
    /// <summary>Every parameter, in micrograd's order: layer by layer, neuron by neuron, the weights then the bias.
    /// The same instances are returned on every call, so an optimizer can hold the list.</summary>
    public abstract IReadOnlyList<Value> Parameters();

    /// <summary>Checks that an input <paramref name="x"/> has <paramref name="inputCount"/> elements.</summary>
    private protected void CheckInput<T>(IReadOnlyList<T> x, int inputCount, [CallerArgumentExpression(nameof(x))] string paramName = "")
    {
        ArgumentNullException.ThrowIfNull(x, paramName);
        if (x.Count != inputCount)
            MicroGradThrow.Argument_InputWidth(paramName, inputCount, x.Count, ToString() ?? GetType().Name);
    }

    /// <summary>Checks that a batch <paramref name="x"/> has <paramref name="inputCount"/> columns.</summary>
    private protected void CheckInput(Tensor x, int inputCount, [CallerArgumentExpression(nameof(x))] string paramName = "")
    {
        ArgumentNullException.ThrowIfNull(x, paramName);
        if (x.Columns != inputCount)
            MicroGradThrow.Argument_InputWidth(paramName, inputCount, x.Columns, ToString() ?? GetType().Name);
    }

    /// <summary>Sets <see cref="Value.Grad"/> of every parameter to 0 (call it before each <see cref="Value.Backward"/>,
    /// which accumulates into leaves).</summary>
    public void ZeroGrad()
    {
        var parameters = Parameters();
        for (var i = 0; i < parameters.Count; i++)
            parameters[i].Grad = 0.0;
    }

    /// <summary>The parameters' <see cref="Value.Data"/>, in <see cref="Parameters"/> order.</summary>
    public double[] GetParameterValues()
    {
        var parameters = Parameters();
        var values = new double[parameters.Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = parameters[i].Data;
        return values;
    }

    /// <summary>Overwrites the parameters' <see cref="Value.Data"/> with <paramref name="values"/>, in <see cref="Parameters"/> order.</summary>
    /// <exception cref="ArgumentException">The count differs from the number of parameters, or a value is NaN or ±∞.</exception>
    public void SetParameterValues(ReadOnlySpan<double> values)
    {
        var parameters = Parameters();
        if (values.Length != parameters.Count)
            MicroGradThrow.Argument_ParameterCount(nameof(values), parameters.Count, values.Length, ToString() ?? GetType().Name);
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
                MicroGradThrow.Argument_NotFinite(nameof(values), "parameter", i, values[i]);
        }
        for (var i = 0; i < values.Length; i++)
            parameters[i].Data = values[i];
    }
}
