using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using MicroGrad.Regression;

namespace MicroGrad.Benchmarks;

/// <summary>
/// The streamed least-squares fit of a CSV file (N = 10⁶ rows of k = 8 features and the target, about 170 MB, the
/// data of <see cref="RegressionData"/>) on 1 and 2 threads (<see cref="Tensor.Threads"/>): the first pass alone
/// (parsing on the calling thread, each 65,536-row chunk's TSQR on a worker, merged in chunk order) and the whole
/// <see cref="LinearRegression.FitCsvStreaming"/> (plus the solve and the sequential second pass for the residual
/// statistics). The file is written once per process into the temp folder and deleted afterwards.
/// </summary>
public class RegressionStreamingBenchmarks
{
    private string _path = "";
    private readonly LinearRegression _estimator = new(new LinearRegressionOptions());
    private int _threads;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _threads = Tensor.Threads;
        Tensor.Threads = Threads;
        _path = Path.Combine(Path.GetTempPath(), $"micrograd-streaming-bench-{Environment.ProcessId}.csv");
        var (x, y) = RegressionData.RowMajor();
        var c = CultureInfo.InvariantCulture;
        using var text = new StreamWriter(_path, append: false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        for (var j = 0; j < RegressionData.Columns; j++)
            text.Write(string.Create(c, $"x{j + 1},"));
        text.Write("y\n");
        for (var i = 0; i < y.Length; i++)
        {
            for (var j = 0; j < RegressionData.Columns; j++)
            {
                text.Write(x[i * RegressionData.Columns + j].ToString("R", c));
                text.Write(',');
            }
            text.Write(y[i].ToString("R", c));
            text.Write('\n');
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Tensor.Threads = _threads;
        File.Delete(_path);
    }

    [Benchmark(Description = "streamed CSV N=1e6 k=8, first pass (parse + TSQR)")]
    public long FirstPass() => _estimator.ReduceChunks(_path, "y", null, MicroGrad.Data.CsvData.DefaultChunkRows, out _, out _).Accumulator.Rows;

    [Benchmark(Description = "streamed CSV N=1e6 k=8, FitCsvStreaming with summary")]
    public double FitCsvStreaming() => _estimator.FitCsvStreaming(_path, "y").Summary.RSquared;
}
