namespace MicroGrad.NN;

/// <summary>How a <see cref="Neuron"/> draws its initial weights (biases always start at 0).</summary>
/// <remarks>Every scheme draws from an <see cref="Rng"/>, one weight after the other in <see cref="Module.Parameters()"/>
/// order, so the same seed gives the same model on every platform (the two uniform schemes need only
/// <see cref="Rng.Uniform"/>, which is exact integer arithmetic then one division; <see cref="He"/> uses
/// <see cref="Rng.Normal"/>, whose logarithm and cosine may differ in the last bit between C libraries).</remarks>
public enum Initialization
{
    /// <summary>micrograd's <c>nn.py</c>: <c>w ~ uniform(−1, 1)</c>.</summary>
    Micrograd,

    /// <summary>EurekaLabs' micrograd: <c>w ~ uniform(−1, 1)·nin^−½</c>.</summary>
    EurekaLabs,

    /// <summary>Glorot/Xavier uniform: <c>w ~ uniform(−a, a)</c>, <c>a = √(6 / (nin + nout))</c>.</summary>
    Xavier,

    /// <summary>He/Kaiming normal: <c>w ~ N(0, 2 / nin)</c>.</summary>
    He,
}

internal static class InitializationExtensions
{
    /// <summary>One weight for a neuron with <paramref name="fanIn"/> inputs in a layer of <paramref name="fanOut"/> neurons.</summary>
    public static double DrawWeight(this Initialization scheme, Rng rng, int fanIn, int fanOut) => scheme switch
    {
        Initialization.Micrograd => rng.Uniform(-1.0, 1.0),
        Initialization.EurekaLabs => rng.Uniform(-1.0, 1.0) * Math.Pow(fanIn, -0.5),
        Initialization.Xavier => XavierLimit(fanIn, fanOut) is var a ? rng.Uniform(-a, a) : 0.0,
        Initialization.He => rng.Normal(0.0, Math.Sqrt(2.0 / fanIn)),
        _ => MicroGradThrow.ArgumentOutOfRange_Enum<Initialization, double>(nameof(scheme), scheme),
    };

    private static double XavierLimit(int fanIn, int fanOut) => Math.Sqrt(6.0 / (fanIn + fanOut));
}
