using System.Globalization;

namespace MicroGrad.Tests.NN;

/// <summary>micrograd's demo inputs from TestData/: the notebook's moons (x0, x1, y with y ∈ {−1, 1}) and its 337
/// initial parameters, read with a tiny local parser so that the test depends on nothing but the files.</summary>
internal static class DemoData
{
    public static (double[][] X, double[] Y) Moons()
    {
        var lines = File.ReadAllLines(TestData.PathOf("moons1337.csv"));
        Assert.Equal("x0,x1,y", lines[0]);
        var x = new double[lines.Length - 1][];
        var y = new double[lines.Length - 1];
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            x[i - 1] = [double.Parse(cells[0], CultureInfo.InvariantCulture), double.Parse(cells[1], CultureInfo.InvariantCulture)];
            y[i - 1] = double.Parse(cells[2], CultureInfo.InvariantCulture);
        }
        Assert.Equal(100, x.Length);
        return (x, y);
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
