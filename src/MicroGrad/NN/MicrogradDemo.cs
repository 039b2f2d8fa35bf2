using System.Text.Json;
using MicroGrad.Data;

namespace MicroGrad.NN;

/// <summary>
/// The exact inputs of micrograd's <c>demo.ipynb</c>, shipped inside the library: the 100 moons of
/// <c>make_moons(n_samples=100, noise=0.1)</c> after <c>np.random.seed(1337)</c> (y in {−1, 1}) and the 337 initial
/// parameters of its <c>MLP(2, [16, 16, 1])</c> after <c>random.seed(1337)</c>. Trained as the notebook does, they give
/// its printed losses (0.8958441028683222 at step 0, 0.010978370135492717 at step 99). It lives beside the network
/// it builds (<see cref="CreateModel"/>), so that <c>MicroGrad.Data</c> does not depend on <c>MicroGrad.NN</c>.
/// </summary>
public static class MicrogradDemo
{
    /// <summary>The notebook's layer sizes after the 2 inputs.</summary>
    public static IReadOnlyList<int> LayerSizes { get; } = [16, 16, 1];

    /// <summary>The notebook's 100 points (x0, x1) and labels y ∈ {−1, 1}.</summary>
    public static Dataset Moons() => CsvData.Parse(Resource("moons1337.csv"), "y", sourceName: "moons1337.csv");

    /// <summary>The notebook's 337 initial parameters, in <see cref="Module.Parameters()"/> order.</summary>
    public static double[] InitialParameters()
    {
        using var doc = JsonDocument.Parse(Resource("micrograd_demo_init.json"));
        var array = doc.RootElement.GetProperty("parameters");
        var values = new double[array.GetArrayLength()];
        var i = 0;
        foreach (var p in array.EnumerateArray())
            values[i++] = p.GetDouble();
        return values;
    }

    /// <summary>The notebook's model, <c>MLP(2, [16, 16, 1])</c> (ReLU hidden, linear output), with its initial parameters.</summary>
    public static Mlp CreateModel()
    {
        var model = new Mlp(2, LayerSizes);
        model.SetParameterValues(InitialParameters());
        return model;
    }

    private static string Resource(string name)
    {
        using var stream = typeof(MicrogradDemo).Assembly.GetManifestResourceStream(name);
        if (stream is null)
            MicroGradThrow.InvalidOperation_MissingResource(name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
