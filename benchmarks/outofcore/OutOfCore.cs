#:project ../../src/MicroGrad/MicroGrad.csproj
#:property Optimize=true
// Out-of-core least squares, measured: `dotnet run -c Release benchmarks/outofcore/OutOfCore.cs -- generate FILE BYTES`
// writes a CSV of rows x1..x8,y (y = Σ j·xj/8 + noise, seeded) until it reaches BYTES; `... -- fit FILE` fits it by
// LinearRegression.FitCsvStreaming (on THREADS threads when given) and prints time, MB/s (file bytes per second of the first pass, and for both
// passes) and the peak resident set (VmHWM); `... -- gd FILE [ITERATIONS]` times gradient descent over the file
// through the binary cache: the first fit (parse + cache write), a second fit with 1 iteration (the fixed passes over
// the cache: triangle, two losses, residuals) and one with 1 + ITERATIONS (default 50), whose difference gives ms per
// iteration; the peak RSS of each stage (VmHWM, reset between stages through /proc/self/clear_refs).
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
    // fit FILE [THREADS]: Tensor.Threads for the first pass's chunk triangles (default: every core).
    if (args.Length >= 3)
        Tensor.Threads = int.Parse(args[2], inv);
    var bytes = new FileInfo(args[1]).Length;
    var sw = Stopwatch.StartNew();
    var model = new LinearRegression(new LinearRegressionOptions()).FitCsvStreaming(args[1], "y");
    var seconds = sw.Elapsed.TotalSeconds;
    var peakMb = PeakMb();
    Console.WriteLine(string.Create(inv,
        $"outofcore-ols {seconds:F2} s for {bytes / 1e6:F0} MB in two passes: {2 * bytes / 1e6 / seconds:F0} MB/s parsed, peak RSS {peakMb:F0} MB, n = {model.Summary.Observations}, R2 = {model.Summary.RSquared:F6}, b1 = {model.Coefficients[0]:F6}, threads = {Tensor.Threads}"));
    return 0;
}
if (args.Length >= 2 && args[0] == "gd")
{
    var iterations = args.Length >= 3 ? int.Parse(args[2], inv) : 50;
    var bytes = new FileInfo(args[1]).Length;
    var folder = Directory.CreateTempSubdirectory("micrograd-outofcore-cache-").FullName;
    try
    {
        LinearRegressionModel Fit(int maxIterations, out double seconds, out double peakMb, bool standardize = true)
        {
            File.WriteAllText("/proc/self/clear_refs", "5"); // resets VmHWM to the current RSS
            var o = new LinearRegressionOptions
            {
                Solver = LinearSolver.GradientDescent, Standardize = standardize, LearningRate = standardize ? 0.5 : 0.4, MaxIterations = maxIterations,
                Tolerance = 0, CacheFolder = folder,
            };
            var sw = Stopwatch.StartNew();
            var model = new LinearRegression(o).FitCsvStreaming(args[1], "y");
            seconds = sw.Elapsed.TotalSeconds;
            peakMb = PeakMb();
            return model;
        }
        // One iteration, not zero: the summary of the untrained model (β = 0) has R² < 0, which its F test rejects.
        Fit(1, out var first, out var firstPeak);
        var cacheMb = new DirectoryInfo(folder).GetFiles()[0].Length / 1e6;
        Fit(1, out var fixedPasses, out var fixedPeak);
        var model = Fit(iterations + 1, out var total, out var iterPeak);
        var perIteration = (total - fixedPasses) / iterations * 1000;
        Fit(1, out var rawFixed, out _, standardize: false);
        Fit(iterations + 1, out var rawTotal, out var rawPeak, standardize: false);
        var rawPerIteration = (rawTotal - rawFixed) / iterations * 1000;
        Console.WriteLine(string.Create(inv,
            $"outofcore-gd first fit (parse {bytes / 1e6:F0} MB CSV + write {cacheMb:F0} MB cache + 4 passes) {first:F2} s ({bytes / 1e6 / first:F0} MB/s), peak RSS {firstPeak:F0} MB"));
        Console.WriteLine(string.Create(inv,
            $"outofcore-gd cached fit, 1 iteration (4 passes: triangle, 2 losses, residuals) {fixedPasses:F2} s, peak RSS {fixedPeak:F0} MB"));
        Console.WriteLine(string.Create(inv,
            $"outofcore-gd {iterations} iterations over the mapped cache (Standardize): {perIteration:F1} ms/iteration ({cacheMb / perIteration:F2} GB/s), peak RSS {iterPeak:F0} MB, n = {model.Summary.Observations}, R2 = {model.Summary.RSquared:F6}, b1 = {model.Coefficients[0]:F6}"));
        Console.WriteLine(string.Create(inv,
            $"outofcore-gd {iterations} iterations without Standardize (the kernel straight over the mapping): {rawPerIteration:F1} ms/iteration ({cacheMb / rawPerIteration:F2} GB/s), peak RSS {rawPeak:F0} MB"));
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }
    return 0;
}
Console.Error.WriteLine("usage: OutOfCore.cs generate FILE BYTES | fit FILE [THREADS] | gd FILE [ITERATIONS]");
return 2;

static double PeakMb()
{
    var hwm = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("VmHWM", StringComparison.Ordinal));
    return long.Parse(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
}
