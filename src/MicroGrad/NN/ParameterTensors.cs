namespace MicroGrad.NN;

/// <summary>
/// An <see cref="Mlp"/>'s parameters as tensors for batched steps: per layer W (inputs×outputs, <c>W[p, j]</c> =
/// neuron j's weight p) and b (1×outputs), leaves holding copies of the <see cref="Value"/> parameters' data and standing for them (Tensor.ViewOf): the
/// <see cref="Value"/>s stay the parameters (their order, initialisation, optimizers and model files are unchanged),
/// and a <see cref="Tensor.Backward"/> through W and b adds their gradients into the Values' <see cref="Value.Grad"/>. An
/// <see cref="Objective"/> keeps one for all its steps and calls <see cref="Gather"/> before each (the optimizer has
/// changed the Values since).
/// </summary>
internal sealed class ParameterTensors
{
    /// <summary>Every layer's W and b, gathered from the model's current parameter values.</summary>
    public ParameterTensors(Mlp model)
    {
        var layers = model.Layers;
        Weights = new Tensor[layers.Count];
        Biases = new Tensor[layers.Count];
        var all = new Tensor[2 * layers.Count];
        for (var i = 0; i < layers.Count; i++)
        {
            // Labelled so that an anomaly or a shape error names the layer (layer 1 is the first, as in messages).
            var layer = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            all[2 * i] = Weights[i] = layers[i].GatherWeights();
            Weights[i].Label = "W" + layer;
            all[2 * i + 1] = Biases[i] = layers[i].GatherBias();
            Biases[i].Label = "b" + layer;
        }
        All = all;
    }

    /// <summary>W of each layer, input side first.</summary>
    public Tensor[] Weights { get; }

    /// <summary>b of each layer, input side first.</summary>
    public Tensor[] Biases { get; }

    /// <summary>W₀, b₀, W₁, b₁, … (e.g. for <see cref="Losses.L2(IReadOnlyList{Tensor}, double)"/>).</summary>
    public IReadOnlyList<Tensor> All { get; }

    /// <summary>Copies the parameters' current <see cref="Value.Data"/> into every W and b, in place (the same tensors
    /// serve every step).</summary>
    public void Gather()
    {
        foreach (var p in All)
            p.ReadValues();
    }

    /// <summary>Sets every W's and b's <see cref="Tensor.Grad"/> to +0.0, so that the next <see cref="Tensor.Backward"/>
    /// (which adds into a leaf's gradient) leaves this step's gradient alone there.</summary>
    public void ZeroGradients()
    {
        foreach (var p in All)
            Array.Clear(p.Grad);
    }
}
