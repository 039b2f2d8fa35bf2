namespace MicroGrad.Tests.Engine;

/// <summary>micrograd's demo.ipynb model and loss spelled out with plain Values: MLP 2-16-16-1 (ReLU hidden, linear
/// output) on the notebook's moons, SVM max-margin loss averaged over the 100 samples + 1e-4·Σp², built in the
/// notebook's order (each neuron starts from its bias, then adds wᵢ·xᵢ).</summary>
internal sealed class DemoMlp
{
    private static readonly int[] s_sizes = [16, 16, 1];
    private readonly double[][] _x;
    private readonly double[] _y;

    public DemoMlp()
    {
        var (x, y) = MicroGrad.Tests.NN.DemoData.Moons();
        (_x, _y) = (x, y);
        var init = MicroGrad.Tests.NN.DemoData.InitialParameters();
        Parameters = new Value[init.Length];
        for (var i = 0; i < Parameters.Length; i++)
            Parameters[i] = new Value(init[i]);
    }

    public Value[] Parameters { get; }

    /// <summary>The notebook's learning rate at step k of 100.</summary>
    public static double LearningRate(int k) => 1.0 - 0.9 * k / 100;

    public Value Loss()
    {
        Value total = 0.0;
        for (var s = 0; s < _x.Length; s++)
            total += (1.0 + -_y[s] * Score(_x[s])).Relu();
        var dataLoss = total * (1.0 / _x.Length);
        Value squares = 0.0;
        foreach (var p in Parameters)
            squares += p * p;
        return dataLoss + 1e-4 * squares;
    }

    public void SgdUpdate(int k)
    {
        foreach (var p in Parameters)
            p.Data -= LearningRate(k) * p.Grad;
    }

    private Value Score(double[] input)
    {
        Value[] activations = [input[0], input[1]];
        var offset = 0;
        for (var layer = 0; layer < s_sizes.Length; layer++)
        {
            var next = new Value[s_sizes[layer]];
            for (var n = 0; n < next.Length; n++)
            {
                Value sum = Parameters[offset + activations.Length]; // bias after the weights
                for (var i = 0; i < activations.Length; i++)
                    sum += Parameters[offset + i] * activations[i];
                offset += activations.Length + 1;
                next[n] = layer < s_sizes.Length - 1 ? sum.Relu() : sum;
            }
            activations = next;
        }
        return activations[0];
    }
}
