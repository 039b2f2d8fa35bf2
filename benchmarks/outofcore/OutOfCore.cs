#:project ../../src/MicroGrad/MicroGrad.csproj
#:property Optimize=true
// Out-of-core least squares, measured: `dotnet run -c Release benchmarks/outofcore/OutOfCore.cs -- generate FILE BYTES`
// writes a CSV of rows x1..x8,y (y = Σ j·xj/8 + noise, seeded) until it reaches BYTES; `... -- fit FILE` fits it by
// LinearRegression.FitCsvStreaming and prints time, MB/s (file bytes per second of the first pass, and for both
// passes) and the peak resident set (VmHWM).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MicroGrad;
using MicroGrad.Regression;

var inv = CultureInfo.InvariantCulture;
if (args.Length >= 3 && args[0] == "generate")
{
    var target = long.Parse(args[2], inv);
    var rng = new Rng(2026);
    using var w = new StreamWriter(args[1], false, new UTF8Encoding(false), 1 << 20);
    w.Write("x1,x2,x3,x4,x5,x6,x7,x8,y\n");
    var sb = new StringBuilder();
    long rows = 0;
    while (w.BaseStream.Position < target)
    {
        sb.Clear();
        var y = 0.0;
        for (var j = 0; j < 8; j++)
        {
            var v = rng.Normal();
            y += v * (j + 1) / 8;
            sb.Append(v.ToString("R", inv)).Append(',');
        }
        sb.Append((y + 0.1 * rng.Normal()).ToString("R", inv)).Append('\n');
        w.Write(sb);
        rows++;
    }
    Console.WriteLine($"generated {rows} rows, {w.BaseStream.Position / 1e6:F0} MB");
    return 0;
}
if (args.Length >= 2 && args[0] == "fit")
{
    var bytes = new FileInfo(args[1]).Length;
    var sw = Stopwatch.StartNew();
    var model = new LinearRegression(new LinearRegressionOptions()).FitCsvStreaming(args[1], "y");
    var seconds = sw.Elapsed.TotalSeconds;
    var hwm = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("VmHWM", StringComparison.Ordinal));
    var peakMb = long.Parse(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], inv) / 1024.0;
    Console.WriteLine(string.Create(inv,
        $"outofcore-ols {seconds:F2} s for {bytes / 1e6:F0} MB in two passes: {2 * bytes / 1e6 / seconds:F0} MB/s parsed, peak RSS {peakMb:F0} MB, n = {model.Summary.Observations}, R2 = {model.Summary.RSquared:F6}, b1 = {model.Coefficients[0]:F6}"));
    return 0;
}
Console.Error.WriteLine("usage: OutOfCore.cs generate FILE BYTES | fit FILE");
return 2;
