using System.CommandLine;
using System.Globalization;
using MicroGrad.NN;
using MicroGrad.Regression;

namespace MicroGrad.Cli.Commands;

/// <summary>
/// <c>micrograd export --model model.json --onnx model.onnx</c>: a network saved by <c>micrograd train --save</c> (the
/// file's format <see cref="ModelFile.FormatName"/>) as an ONNX model (<see cref="OnnxExport"/>) that computes what
/// <c>micrograd predict</c> computes from raw feature values. A linear model
/// (<see cref="LinearRegressionModelFile.FormatName"/>) is refused: export covers networks.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.FileToRead("--model", "-m", "A network's model file written by 'micrograd train --save'.");
        // ONNX is binary: standard output (a text writer here) is not offered, so '-' is refused rather than taken
        // for a file named '-'.
        var onnx = new Option<string>("--onnx")
        {
            Description = "The ONNX model file to write (atomically; a device or pipe is written directly).",
            Required = true,
        }.NotEmpty("a file name");
        onnx.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && r.Tokens[^1].Value == Outputs.StandardOutput)
                r.AddError("--onnx expects a file name; found '-' (an ONNX model is binary, so it is not written to standard output).");
        });
        var command = new Command("export",
            $"Export a network saved by 'micrograd train --save' as an ONNX model (opset {OnnxExport.OpsetVersion}, float64) for ONNX Runtime " +
            $"or ML.NET: input '{OnnxExport.FeaturesName}' [N, k], the raw feature columns in the model's order (its scaling is in the graph); " +
            $"outputs '{OnnxExport.ScoresName}' (a regression's predictions or a hinge score) or '{OnnxExport.ProbabilitiesName}' " +
            $"(softmax), and '{OnnxExport.LabelName}' for a classifier, as 'micrograd predict' computes them.\n" +
            "Example: micrograd export --model model.json --onnx model.onnx")
        {
            model, onnx,
        };
        command.SetAction(parse =>
        {
            var (modelPath, onnxPath) = (parse.GetValue(model)!, parse.GetValue(onnx)!);
            // Checked before any work, as every command's output files are (a folder is a usage error).
            Outputs.RequireFile(onnxPath, "--onnx");
            Outputs.RequireNotInput(onnxPath, "--onnx", modelPath, "--model");
            // Read once and bounded (a FIFO cannot be read twice); the format field chooses, as in predict.
            var json = ModelFile.ReadText(modelPath);
            if (ModelFile.FormatOf(json, modelPath) == LinearRegressionModelFile.FormatName)
            {
                throw new CliException(ExitCodes.Input,
                    $"Model file {Format.Quote(modelPath)} is a linear model (format \"{LinearRegressionModelFile.FormatName}\", written by 'micrograd regress --save'); " +
                    $"export writes networks (format \"{ModelFile.FormatName}\", written by 'micrograd train --save').");
            }
            // Any other format is refused by the network reader, naming the format it expects.
            var saved = ModelFile.Deserialize(json, modelPath);
            var kind = PredictCommand.KindOf(saved.Model, saved.Metadata, modelPath);
            byte[] bytes;
            using (var buffer = new MemoryStream())
            {
                OnnxExport.Save(saved.Model, buffer, saved.Metadata);
                bytes = buffer.ToArray();
            }
            AtomicFile.WriteAllBytes(onnxPath, bytes);
            var outputs = kind switch
            {
                ModelKind.Regression => OnnxExport.ScoresName,
                ModelKind.Score => $"{OnnxExport.ScoresName}, {OnnxExport.LabelName}",
                _ => $"{OnnxExport.ProbabilitiesName}, {OnnxExport.LabelName}",
            };
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {onnxPath} ({bytes.Length} bytes): {OnnxExport.FeaturesName} [N, {saved.Model.InputCount}] float64 → {outputs}"));
            return ExitCodes.Success;
        });
        return command;
    }
}
