using System.Runtime.CompilerServices;

namespace MicroGrad.NN;

/// <summary>
/// Updates a fixed list of parameters from their gradients: <see cref="ZeroGrad"/>, then <see cref="Value.Backward"/>
/// on the loss, then <see cref="Step"/> (as <c>torch.optim</c>).
/// </summary>
public abstract class Optimizer
{
    private readonly Value[] _parameters;

    /// <summary>Holds <paramref name="parameters"/> (e.g. <see cref="Module.Parameters()"/>); the list is copied.</summary>
    /// <exception cref="ArgumentException">The list holds a null entry.</exception>
    protected Optimizer(IReadOnlyList<Value> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = new Value[parameters.Count];
        for (var i = 0; i < _parameters.Length; i++)
        {
            if (parameters[i] is null)
                MicroGradThrow.Argument_NullEntry(nameof(parameters), "a parameter", i);
            _parameters[i] = parameters[i];
        }
    }

    /// <summary>The parameters this optimizer updates, in the order given at construction (a method, as
    /// <see cref="Module.Parameters"/>).</summary>
    public IReadOnlyList<Value> Parameters() => _parameters;

    /// <summary>Number of <see cref="Step"/> calls so far (the next step's index k, counted from 0).</summary>
    public int StepCount { get; private set; }

    /// <summary>The learning rate the next <see cref="Step"/> will use.</summary>
    public abstract double LearningRate { get; }

    /// <summary>Sets every parameter's <see cref="Value.Grad"/> to 0.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
            p.Grad = 0.0;
    }

    /// <summary>Applies one update from the current gradients.</summary>
    public void Step()
    {
        Update(_parameters, LearningRate);
        StepCount++;
    }

    /// <summary>The update rule: moves each parameter using its <see cref="Value.Grad"/> and the optimizer's state.</summary>
    /// <param name="parameters">The parameters, in the order given at construction.</param>
    /// <param name="learningRate">The learning rate of this step.</param>
    protected abstract void Update(Value[] parameters, double learningRate);

    /// <summary><paramref name="value"/>, checked to be a finite non-negative hyper-parameter.</summary>
    private protected static double NonNegative(double value, [CallerArgumentExpression(nameof(value))] string paramName = "")
    {
        if (!(value >= 0 && double.IsFinite(value)))
            MicroGradThrow.ArgumentOutOfRange_Hyper(paramName, value, "a finite non-negative number");
        return value;
    }

    /// <summary><paramref name="value"/>, checked to be in [0, 1) (a momentum or a decay).</summary>
    private protected static double InUnitInterval(double value, [CallerArgumentExpression(nameof(value))] string paramName = "")
    {
        if (!(value is >= 0 and < 1))
            MicroGradThrow.ArgumentOutOfRange_Hyper(paramName, value, "a number in [0, 1)");
        return value;
    }
}
