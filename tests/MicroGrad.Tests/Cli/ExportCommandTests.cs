using MicroGrad.NN;
using Microsoft.ML.OnnxRuntime;

namespace MicroGrad.Tests.Cli;

/// <summary><c>micrograd export --model model.json --onnx model.onnx</c> (issue 14): the models <c>train --save</c>
/// writes (<see cref="SavedModels"/>: hinge, cross-entropy, mse), exported and run in ONNX Runtime.</summary>
public sealed class ExportCommandTests(SavedModels models) : IClassFixture<SavedModels>, IDisposable
{
    // float64 throughout: ORT's Gemm sums in another order and its exp and tanh are not the BCL's (a few ulps through a
    // few layers; see NN/OnnxExportTests), far below 1e-12.
    private const double Tolerance = 1e-12;

    private readonly string _dir = Directory.CreateTempSubdirectory("micrograd-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_hinge_model_exports_to_onnx_that_agrees_with_predict()
    {
        // Oracle: 'micrograd predict' on the same CSV (the score and the label of its sign).
        var (header, rows, outputs) = ExportAndRun("moons.json", TestData.PathOf("moons1337.csv"), 2, "scores, label");
        Assert.Equal(["x0", "x1", "prediction", "score"], header);
        Assert.Equal(["scores", "label"], outputs.Names);
        for (var r = 0; r < rows.Length; r++)
        {
            AssertClose(CsvFixtures.Num(rows[r][3]), outputs.Doubles[0][r]);
            Assert.Equal(rows[r][2], outputs.Labels[r]);
        }
    }

    [Fact]
    public void A_cross_entropy_model_exports_to_onnx_that_agrees_with_predict()
    {
        // Oracle: 'micrograd predict' on the same CSV (softmax probabilities and the label of the largest).
        var data = CsvFixtures.Blobs(_dir, perClass: 5, seed: 43);
        var (header, rows, outputs) = ExportAndRun("blobs.json", data, 2, "probabilities, label");
        Assert.Equal(["a", "b", "prediction", "p_3", "p_5", "p_7"], header);
        Assert.Equal(["probabilities", "label"], outputs.Names);
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < 3; c++)
                AssertClose(CsvFixtures.Num(rows[r][3 + c]), outputs.Doubles[0][r * 3 + c]);
            Assert.Equal(rows[r][2], outputs.Labels[r]);
        }
    }

    [Fact]
    public void A_regression_model_exports_to_onnx_that_agrees_with_predict()
    {
        // Oracle: 'micrograd predict' on the same CSV (the prediction in the target's units: target scaling undone).
        var data = CsvFixtures.Linear(_dir, rows: 7);
        var (header, rows, outputs) = ExportAndRun("linear.json", data, 2, "scores");
        Assert.Equal(["x1", "x2", "prediction"], header);
        Assert.Equal(["scores"], outputs.Names);
        for (var r = 0; r < rows.Length; r++)
            AssertClose(CsvFixtures.Num(rows[r][2]), outputs.Doubles[0][r]);
    }

    [Fact]
    public void A_missing_model_file_is_an_input_error_and_nothing_is_written()
    {
        var onnx = Path.Combine(_dir, "model.onnx");
        var r = Cli.Run("export", "--model", Path.Combine(_dir, "none.json"), "--onnx", onnx);
        Assert.Equal(2, r.ExitCode); // as predict's missing model
        Assert.Contains("none.json", r.Error, StringComparison.Ordinal);
        Assert.Equal("", r.Out);
        Assert.False(File.Exists(onnx));
    }

    [Fact]
    public void An_unreadable_model_file_is_an_input_error_with_the_librarys_message()
    {
        var onnx = Path.Combine(_dir, "model.onnx");
        var folder = Cli.Run("export", "--model", _dir, "--onnx", onnx);
        Assert.Equal(2, folder.ExitCode);
        Assert.Contains($"Model file '{_dir}' is a directory, not a file.", folder.Error, StringComparison.Ordinal);

        var notJson = Cli.Run("export", "--model", TestData.PathOf("moons1337.csv"), "--onnx", onnx);
        Assert.Equal(2, notJson.ExitCode);
        Assert.Contains("is not valid JSON", notJson.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", notJson.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(onnx));
    }

    [Fact]
    public void A_linear_regression_model_is_refused_with_a_clear_message()
    {
        var model = Path.Combine(_dir, "longley.json");
        Assert.Equal(0, Cli.Run("regress", "--data", TestData.PathOf("longley.csv"), "--target", "TOTEMP", "--save", model).ExitCode);
        var onnx = Path.Combine(_dir, "longley.onnx");

        var r = Cli.Run("export", "--model", model, "--onnx", onnx);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"error: Model file '{model}' is a linear model (format \"micrograd-linear-regression\", written by 'micrograd regress --save'); " +
            "export writes networks (format \"micrograd-mlp\", written by 'micrograd train --save').", r.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(onnx));
    }

    [Fact]
    public void Output_onto_the_model_file_is_refused_and_the_model_kept()
    {
        var model = Path.Combine(_dir, "model.json");
        File.Copy(models.PathOf("moons.json"), model);
        var before = File.ReadAllBytes(model);

        var r = Cli.Run("export", "--model", model, "--onnx", model);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"error: --onnx '{model}' is the file --model reads ('{model}'); writing it would replace the input.", r.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(model));
    }

    [Fact]
    public void Output_into_a_missing_folder_is_an_input_error_and_nothing_is_written()
    {
        var folder = Path.Combine(_dir, "missing");
        var onnx = Path.Combine(folder, "model.onnx");

        var r = Cli.Run("export", "--model", models.PathOf("moons.json"), "--onnx", onnx);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"--onnx '{onnx}': the folder '{folder}' does not exist.", r.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Standard_output_is_refused_as_a_usage_error()
    {
        var r = Cli.Run("export", "--model", models.PathOf("moons.json"), "--onnx", "-");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--onnx expects a file name; found '-'", r.Error, StringComparison.Ordinal);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void Help_lists_the_command_and_its_example()
    {
        var root = Cli.Run("--help");
        Assert.Equal(0, root.ExitCode);
        Assert.Contains("Example: micrograd export --model model.json --onnx model.onnx", root.Out, StringComparison.Ordinal);
        var own = Cli.Run("export", "--help");
        Assert.Equal(0, own.ExitCode);
        Assert.Contains("--onnx", own.Out, StringComparison.Ordinal);
        Assert.Contains("Example: micrograd export --model model.json --onnx model.onnx", own.Out, StringComparison.Ordinal);
    }

    /// <summary>Exports the fixture model, checks the one success line, runs <c>predict</c> on the CSV and the ONNX
    /// model in ONNX Runtime on predict's echoed feature columns.</summary>
    private (string[] Header, string[][] Rows, OrtOutputs Outputs) ExportAndRun(string model, string data, int features, string outputNames)
    {
        var onnx = Path.Combine(_dir, Path.ChangeExtension(model, ".onnx"));
        var e = Cli.Run("export", "--model", models.PathOf(model), "--onnx", onnx);
        Assert.True(e.ExitCode == 0, e.Error);
        Assert.Equal("", e.Error);
        Assert.Equal($"wrote {onnx} ({new FileInfo(onnx).Length} bytes): features [N, {features}] float64 → {outputNames}{Environment.NewLine}", e.Out);

        var p = Cli.Run("predict", "--model", models.PathOf(model), "--data", data);
        Assert.True(p.ExitCode == 0, p.Error);
        var (header, rows) = CsvFixtures.Parse(p.Out);
        Assert.NotEmpty(rows);
        var input = new double[rows.Length * features];
        for (var r = 0; r < rows.Length; r++)
        {
            for (var j = 0; j < features; j++)
                input[r * features + j] = CsvFixtures.Num(rows[r][j]); // round-trip text: the CSV's exact values
        }
        return (header, rows, OrtOutputs.Run(File.ReadAllBytes(onnx), input, rows.Length, features));
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Max(1, Math.Abs(expected)),
            $"expected {expected:R}, got {actual:R} (difference {actual - expected:R})");

    /// <summary>One ONNX Runtime run over the file's bytes: each output's doubles (none for <c>label</c>) and the
    /// labels when there are any.</summary>
    private sealed record OrtOutputs(string[] Names, double[][] Doubles, string[] Labels)
    {
        public static OrtOutputs Run(byte[] model, double[] input, int rows, int width)
        {
            using var session = new InferenceSession(model);
            using var options = new RunOptions();
            using var value = OrtValue.CreateTensorValueFromMemory(input, [rows, width]);
            string[] names = [.. session.OutputNames];
            using var outputs = session.Run(options, [OnnxExport.FeaturesName], [value], names);
            var doubles = new double[names.Length][];
            string[] labels = [];
            for (var i = 0; i < names.Length; i++)
            {
                if (names[i] == OnnxExport.LabelName)
                {
                    labels = outputs[i].GetStringTensorAsArray();
                    doubles[i] = [];
                }
                else
                {
                    doubles[i] = outputs[i].GetTensorDataAsSpan<double>().ToArray();
                }
            }
            return new OrtOutputs(names, doubles, labels);
        }
    }
}
