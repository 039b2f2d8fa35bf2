using MicroGrad.NN;
using MicroGrad.Tests.NN;
using Microsoft.ML.OnnxRuntime;

namespace MicroGrad.Tests.Cli;

/// <summary>
/// Every kind of model <c>micrograd train --save</c> writes (hinge, cross-entropy, mse: <see cref="SavedModels"/>),
/// exported with <see cref="OnnxExport"/> and run in ONNX Runtime on the raw features, agrees with what
/// <c>micrograd predict</c> prints for the same rows (the oracle: the command itself, its numbers round-trip text).
/// </summary>
public sealed class OnnxExportPredictTests(SavedModels models) : IClassFixture<SavedModels>
{
    [Theory]
    [InlineData("moons.json", "moons1337.csv")]
    [InlineData("blobs.json", "blobs.csv")]
    [InlineData("linear.json", "linear.csv")]
    public void The_exported_model_predicts_what_predict_prints(string model, string data)
    {
        var dataPath = File.Exists(models.PathOf(data)) ? models.PathOf(data) : TestData.PathOf(data);
        var r = Cli.Run("predict", "--model", models.PathOf(model), "--data", dataPath);
        Assert.Equal(0, r.ExitCode);
        var (header, rows) = CsvFixtures.Parse(r.Out);
        var saved = ModelFile.Load(models.PathOf(model));
        var k = saved.Model.InputCount;
        var features = new double[rows.Length * k];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < k; j++)
                features[i * k + j] = CsvFixtures.Num(rows[i][j]);
        }
        using var stream = new MemoryStream();
        OnnxExport.Save(saved.Model, stream, saved.Metadata);
        using var session = new InferenceSession(stream.ToArray());
        using var input = OrtValue.CreateTensorValueFromMemory(features, [rows.Length, k]);
        using var options = new RunOptions();
        using var outputs = session.Run(options, [OnnxExport.FeaturesName], [input], session.OutputNames);

        var prediction = Array.IndexOf(header, "prediction");
        if (saved.Metadata.Labels is null)
        {
            var scores = outputs[0].GetTensorDataAsSpan<double>().ToArray();
            for (var i = 0; i < rows.Length; i++)
                OnnxExportTests.AssertClose(CsvFixtures.Num(rows[i][prediction]), scores[i]);
            return;
        }
        var labels = outputs[1].GetStringTensorAsArray();
        var values = outputs[0].GetTensorDataAsSpan<double>().ToArray();
        var width = values.Length / rows.Length;
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(rows[i][prediction], labels[i]);
            // The columns after prediction: score (hinge) or p_LABEL per class (softmax), in output order.
            for (var j = 0; j < width; j++)
                OnnxExportTests.AssertClose(CsvFixtures.Num(rows[i][prediction + 1 + j]), values[i * width + j]);
        }
        Assert.True(labels.Distinct().Count() >= 2, "the data should reach more than one class");
    }
}
