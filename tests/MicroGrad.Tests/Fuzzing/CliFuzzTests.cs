using System.Text;
using Xunit.Abstractions;

namespace MicroGrad.Tests.Fuzzing;

/// <summary>The CSV fuzzer's inputs through the tool itself (in-process): <c>train</c>, <c>regress</c> in memory, by
/// gradient descent through the binary cache and streamed, and <c>predict</c>. Whatever the file, each command ends in
/// a documented exit code other than 70 (a bug) with a short printable message in the tool's own words (no .NET
/// parameter name). Each case runs five commands, so it runs a twentieth of <see cref="Fuzz.Cases"/>.</summary>
public sealed class CliFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("micrograd-fuzz-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_csv_through_train_regress_and_predict_ends_in_a_documented_exit_code_with_a_short_message()
    {
        var caseNumber = 0;
        Fuzz.Run(output, "micrograd train/regress/predict", CsvFuzzTests.Input,
            input => $"target {Fuzz.Show(input.Target)}, text {Fuzz.Show(Encoding.UTF8.GetString(input.Bytes))}",
            input =>
            {
                // Files of its own: a case abandoned after its time bound keeps running and must not touch the next's.
                var folder = Directory.CreateDirectory(Path.Combine(_folder, Interlocked.Increment(ref caseNumber).ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
                var path = Path.Combine(folder, "data.csv");
                var model = Path.Combine(folder, "model.json");
                var cache = Path.Combine(folder, "cache");
                File.WriteAllBytes(path, input.Bytes);
                string[][] runs =
                [
                    ["train", "--data", path, "--target", input.Target, "--steps", "2", "--save", model],
                    ["regress", "--data", path, "--target", input.Target],
                    ["regress", "--data", path, "--target", input.Target, "--solver", "gd", "--iterations", "5", "--out-of-core", "--cache-dir", cache],
                    ["regress", "--data", path, "--target", input.Target, "--out-of-core"],
                    ["predict", "--model", model, "--data", path],
                ];
                var succeeded = false;
                foreach (var args in runs)
                {
                    if (args[0] == "predict" && !File.Exists(model))
                        continue;
                    var r = Tests.Cli.Cli.Run(args);
                    succeeded |= r.ExitCode == 0;
                    if (r.ExitCode is not (0 or 1 or 2 or 3))
                        throw new FuzzViolation($"{args[0]} exited {r.ExitCode}: {r.Error}");
                    if (r.Error.Contains("(Parameter", StringComparison.Ordinal))
                        throw new FuzzViolation($"{args[0]} named a .NET parameter: {r.Error}");
                    if (r.Error.Length >= 2 * Fuzz.MaxMessage)
                        throw new FuzzViolation($"{args[0]} wrote {r.Error.Length:N0} characters to standard error: {r.Error[..300]}...");
                    if (r.ExitCode != 0 && r.Error.Any(c => char.IsControl(c) && c is not ('\n' or '\r')))
                        throw new FuzzViolation($"{args[0]} wrote a control character in: {r.Error}");
                }
                return succeeded;
            }, Math.Max(1, Fuzz.Cases / 20));
    }
}
