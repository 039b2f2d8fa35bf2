namespace MicroGrad.NN;

/// <summary>The non-linearity a <see cref="Neuron"/> applies to <c>b + Σ wᵢ·xᵢ</c>.</summary>
public enum Activation
{
    /// <summary>None: the neuron outputs <c>b + Σ wᵢ·xᵢ</c> (micrograd's <c>nonlin=False</c>).</summary>
    Linear,

    /// <summary><c>max(0, z)</c> (micrograd's default).</summary>
    Relu,

    /// <summary><c>tanh z</c> (the lecture's and EurekaLabs' choice).</summary>
    Tanh,

    /// <summary><c>1 / (1 + e⁻ᶻ)</c>.</summary>
    Sigmoid,
}

internal static class ActivationExtensions
{
    public static Value Apply(this Activation activation, Value z) => activation switch
    {
        Activation.Linear => z,
        Activation.Relu => z.Relu(),
        Activation.Tanh => z.Tanh(),
        Activation.Sigmoid => z.Sigmoid(),
        _ => MicroGradThrow.ArgumentOutOfRange_Enum<Activation, Value>(nameof(activation), activation),
    };

    /// <summary>The same non-linearity on every element of a batch (the tensor op of the same name).</summary>
    public static Tensor Apply(this Activation activation, Tensor z) => activation switch
    {
        Activation.Linear => z,
        Activation.Relu => z.Relu(),
        Activation.Tanh => z.Tanh(),
        Activation.Sigmoid => z.Sigmoid(),
        _ => MicroGradThrow.ArgumentOutOfRange_Enum<Activation, Tensor>(nameof(activation), activation),
    };

    /// <summary>micrograd's prefix in a neuron's repr: <c>ReLU</c>, <c>Linear</c>, <c>Tanh</c>, <c>Sigmoid</c>.</summary>
    public static string ReprName(this Activation activation) => activation switch
    {
        Activation.Linear => "Linear",
        Activation.Relu => "ReLU",
        Activation.Tanh => "Tanh",
        Activation.Sigmoid => "Sigmoid",
        _ => activation.ToString(),
    };

    /// <summary>The lower-case name used in model files.</summary>
    public static string FileName(this Activation activation) => activation switch
    {
        Activation.Linear => "linear",
        Activation.Relu => "relu",
        Activation.Tanh => "tanh",
        Activation.Sigmoid => "sigmoid",
        _ => MicroGradThrow.ArgumentOutOfRange_Enum<Activation, string>(nameof(activation), activation),
    };

    public static bool TryParse(string? name, out Activation activation)
    {
        switch (name)
        {
            case "linear": activation = Activation.Linear; return true;
            case "relu": activation = Activation.Relu; return true;
            case "tanh": activation = Activation.Tanh; return true;
            case "sigmoid": activation = Activation.Sigmoid; return true;
            default: activation = default; return false;
        }
    }
}
