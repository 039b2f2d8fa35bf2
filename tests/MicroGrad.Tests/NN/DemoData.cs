using MicroGrad.Data;

namespace MicroGrad.Tests.NN;

/// <summary>micrograd's demo inputs from TestData/ (copies of data/): the notebook's moons (x0, x1, y with
/// y ∈ {−1, 1}) and its 337 initial parameters.</summary>
internal static class DemoData
{
    public static (double[][] X, double[] Y) Moons()
    {
        var data = CsvData.Read(TestData.PathOf("moons1337.csv"), "y");
        Assert.Equal(["x0", "x1"], data.FeatureNames);
        Assert.Equal(100, data.Count);
        return (data.Features, data.Target);
    }

    public static double[] InitialParameters()
    {
        var list = new List<double>();
        foreach (var p in TestData.Json("micrograd_demo_init.json").GetProperty("parameters").EnumerateArray())
            list.Add(p.GetDouble());
        Assert.Equal(337, list.Count);
        return [.. list];
    }
}
