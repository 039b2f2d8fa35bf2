using System.Globalization;
using System.Text.Json;

namespace MicroGrad.Benchmarks;

/// <summary>micrograd's demo inputs: the notebook's moons (x0, x1, y) and its 337 initial parameters.</summary>
internal static class DemoData
{
    private static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Data", file);

    public static (double[][] X, double[] Y) Moons()
    {
        var lines = File.ReadAllLines(PathOf("moons1337.csv"));
        var x = new double[lines.Length - 1][];
        var y = new double[lines.Length - 1];
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            x[i - 1] = [double.Parse(cells[0], CultureInfo.InvariantCulture), double.Parse(cells[1], CultureInfo.InvariantCulture)];
            y[i - 1] = double.Parse(cells[2], CultureInfo.InvariantCulture);
        }
        return (x, y);
    }

    public static double[] InitialParameters()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(PathOf("micrograd_demo_init.json")));
        var list = new List<double>();
        foreach (var p in doc.RootElement.GetProperty("parameters").EnumerateArray())
            list.Add(p.GetDouble());
        return [.. list];
    }
}
