using System.Globalization;
using System.Text;
using MicroGrad.Tests.Engine;

namespace MicroGrad.Tests.Cli;

/// <summary><c>--threads N</c> of train and predict sets <see cref="Tensor.Threads"/>: any count gives the same bits,
/// and a value that is not a thread count is a usage error naming the option. The tool runs in-process here, so these
/// tests share the collection of the tests that set the process-wide setting.</summary>
[Collection(TensorThreadsCollection.Name)]
public sealed class ThreadsOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("micrograd-threads-").FullName;
    private readonly int _threads = Tensor.Threads;

    public void Dispose()
    {
        Tensor.Threads = _threads;
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Train_with_one_or_two_threads_saves_the_same_bytes()
    {
        // Oracle: the same run on one thread. 6,000 rows × 8 features through 32 hidden units make products of 1.5
        // million multiply-adds and activations of 192,000 elements, which the kernels spread over threads.
        Assert.True(6000L * 8 * 32 >= MatrixKernels.ParallelWork && 6000L * 32 >= Tensor.ParallelElements);
        var csv = Path.Combine(_dir, "rows.csv");
        var rng = new Rng(3);
        var text = new StringBuilder("a,b,c,d,e,f,g,h,y\n");
        for (var i = 0; i < 6000; i++)
        {
            var x = Enumerable.Range(0, 8).Select(_ => rng.Normal()).ToArray();
            text.AppendJoin(',', x.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            text.Append(',').Append(x[0] + x[1] > 0 ? 1 : x[2] > 0 ? 2 : 0).Append('\n');
        }
        File.WriteAllText(csv, text.ToString());

        string Train(int threads)
        {
            var model = Path.Combine(_dir, $"model{threads}.json");
            var r = Cli.Run("train", "--data", csv, "--target", "y", "--layers", "32", "--steps", "3", "--threads",
                threads.ToString(CultureInfo.InvariantCulture), "--save", model);
            Assert.True(r.ExitCode == 0, r.Error);
            Assert.Equal(_threads, Tensor.Threads);                 // the setting is the caller's again
            return File.ReadAllText(model);
        }
        Assert.Equal(Train(1), Train(2));
    }

    [Theory]
    [InlineData("train", "0")]
    [InlineData("train", "-2")]
    [InlineData("train", "abc")]
    [InlineData("train", "1025")]
    [InlineData("train", "")]
    [InlineData("predict", "0")]
    [InlineData("predict", "1.5")]
    public void A_value_that_is_not_a_thread_count_is_a_usage_error_naming_the_option(string command, string value)
    {
        // The files need not exist: the command line is checked before any file is read.
        string[] args = command == "train"
            ? [command, "--data", "missing.csv", "--target", "y", "--threads", value]
            : [command, "--model", "missing.json", "--data", "missing.csv", "--threads", value];
        var r = Cli.Run(args);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"--threads expects a whole number of threads from 1 to 1024; found '{value}'.", r.Error, StringComparison.Ordinal);
        Assert.Equal(_threads, Tensor.Threads);
    }
}
