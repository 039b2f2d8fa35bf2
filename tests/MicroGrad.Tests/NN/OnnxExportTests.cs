using MicroGrad.Cli.Training;
using MicroGrad.Data;
using MicroGrad.NN;
using Microsoft.ML.OnnxRuntime;
using ModelMetadata = MicroGrad.NN.ModelMetadata;

namespace MicroGrad.Tests.NN;

/// <summary>
/// The exported models run in ONNX Runtime 1.32.0 (the oracle: the reference runtime reads the bytes, checks the graph
/// and computes it) and agree with <see cref="Mlp.Predict(IReadOnlyList{double})"/> (micrograd's scalar forward) and
/// with what <c>micrograd predict</c> computes (the batched <see cref="Mlp.Predict(IReadOnlyList{IReadOnlyList{double}})"/>,
/// <see cref="Scaling"/>, <see cref="Classifier"/>).
/// </summary>
public sealed class OnnxExportTests : IDisposable
{
    // float64 throughout: Gemm sums its products in another order than Neuron's b + Σ wᵢxᵢ, and ORT's exp and tanh are
    // not the BCL's; a few ulps on values of order 1 through three layers, far below 1e-12.
    private const double Tolerance = 1e-12;

    private readonly string _dir = Directory.CreateTempSubdirectory("micrograd-onnx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(Activation.Relu, Activation.Linear, false, false)]
    [InlineData(Activation.Relu, Activation.Linear, true, false)]
    [InlineData(Activation.Tanh, Activation.Linear, false, true)]
    [InlineData(Activation.Tanh, Activation.Tanh, true, true)]
    [InlineData(Activation.Sigmoid, Activation.Sigmoid, true, true)]
    [InlineData(Activation.Linear, Activation.Linear, false, false)]
    [InlineData(Activation.Linear, Activation.Relu, true, true)]
    public void A_regression_gives_the_predicted_target(Activation hidden, Activation output, bool inputScaling, bool targetScaling)
    {
        var model = Trained(new Mlp(3, [8, 6, 2], hidden, output), new Rng(11));
        var metadata = new ModelMetadata
        {
            FeatureNames = ["a", "b", "c"],
            Target = "y",
            InputScaling = inputScaling ? new Scaling([1.5, -20.0, 300.0], [2.0, 0.25, 40.0]) : null,
            TargetScaling = targetScaling ? new Scaling([65317.0, -3.0], [3400.448738769635, 0.01]) : null,
        };
        var rows = RandomRows(model, metadata, 37, new Rng(5));

        using var run = Run(model, metadata, rows);

        Assert.Equal([OnnxExport.ScoresName], run.Names);
        var scores = run.Doubles(0);
        Assert.Equal([rows.Length, 2L], run.Shape(0));
        var expected = Predictions(model, metadata, rows);
        for (var r = 0; r < rows.Length; r++)
        {
            var y = targetScaling ? metadata.TargetScaling!.Invert(expected[r]) : expected[r];
            for (var j = 0; j < 2; j++)
                AssertClose(y[j], scores[r * 2 + j]);
        }
    }

    [Theory]
    [InlineData(Activation.Tanh, Activation.Linear, true)]
    [InlineData(Activation.Relu, Activation.Linear, false)]
    [InlineData(Activation.Sigmoid, Activation.Tanh, true)]
    public void A_hinge_classifier_gives_the_score_and_the_label_of_its_sign(Activation hidden, Activation output, bool inputScaling)
    {
        var model = Trained(new Mlp(2, [16, 16, 1], hidden, output), new Rng(4)); // a seed whose scores take both signs on the batch
        var metadata = new ModelMetadata
        {
            FeatureNames = ["x", "y"],
            Labels = ["blue", "red"],
            InputScaling = inputScaling ? new Scaling([0.5, 0.25], [0.9, 0.5]) : null,
            // Ignored for classifiers, as predict ignores it.
            TargetScaling = new Scaling([100.0], [7.0]),
        };
        var rows = RandomRows(model, metadata, 64, new Rng(9));

        using var run = Run(model, metadata, rows);

        Assert.Equal([OnnxExport.ScoresName, OnnxExport.LabelName], run.Names);
        Assert.Equal([rows.Length, 1L], run.Shape(0));
        Assert.Equal([(long)rows.Length], run.Shape(1));
        var (scores, labels) = (run.Doubles(0), run.Strings(1));
        var expected = Predictions(model, metadata, rows);
        var expectedLabels = new string[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            AssertClose(expected[r][0], scores[r]);
            expectedLabels[r] = metadata.Labels[Classifier.ClassOf(expected[r])];
        }
        Assert.Equal(expectedLabels, labels);
        Assert.Equal(2, expectedLabels.Distinct().Count()); // both signs were tried
    }

    [Theory]
    [InlineData(Activation.Relu, Activation.Linear, true)]
    [InlineData(Activation.Tanh, Activation.Linear, false)]
    [InlineData(Activation.Sigmoid, Activation.Linear, true)]
    [InlineData(Activation.Relu, Activation.Sigmoid, false)]
    [InlineData(Activation.Linear, Activation.Tanh, true)]
    public void A_softmax_classifier_gives_the_probabilities_and_the_label_of_the_largest(Activation hidden, Activation output, bool inputScaling)
    {
        var model = Trained(new Mlp(4, [10, 3], hidden, output), new Rng(21));
        var metadata = new ModelMetadata
        {
            FeatureNames = ["sl", "sw", "pl", "pw"],
            Target = "species",
            Labels = ["setosa", "versicolor", "virginica"],
            InputScaling = inputScaling ? new Scaling([5.8, 3.0, 3.7, 1.2], [0.8, 0.4, 1.8, 0.76]) : null,
        };
        var rows = RandomRows(model, metadata, 64, new Rng(4));

        using var run = Run(model, metadata, rows);

        Assert.Equal([OnnxExport.ProbabilitiesName, OnnxExport.LabelName], run.Names);
        Assert.Equal([rows.Length, 3L], run.Shape(0));
        Assert.Equal([(long)rows.Length], run.Shape(1));
        var (probabilities, labels) = (run.Doubles(0), run.Strings(1));
        var expected = Predictions(model, metadata, rows);
        var expectedLabels = new string[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            var p = Classifier.Softmax(expected[r]);
            for (var j = 0; j < 3; j++)
                AssertClose(p[j], probabilities[r * 3 + j]);
            expectedLabels[r] = metadata.Labels[Classifier.ClassOf(expected[r])];
        }
        Assert.Equal(expectedLabels, labels);
        Assert.True(expectedLabels.Distinct().Count() >= 2, "the batch should reach more than one class");
    }

    [Fact]
    public void A_network_without_hidden_layers_and_without_metadata_is_one_gemm()
    {
        var model = Trained(new Mlp(5, [1]), new Rng(2));
        var rows = RandomRows(model, null, 1, new Rng(8));

        using var run = Run(model, null, rows);

        Assert.Equal([OnnxExport.ScoresName], run.Names);
        AssertClose(model.Predict(rows[0])[0], run.Doubles(0)[0]);
    }

    [Fact]
    public void The_input_and_outputs_have_the_documented_names_types_and_a_dynamic_batch()
    {
        var model = new Mlp(4, [6, 3], rng: new Rng(1));
        var metadata = new ModelMetadata { Labels = ["a", "b", "c"], InputScaling = new Scaling([0, 0, 0, 0], [1, 2, 3, 4]) };
        using var session = new InferenceSession(Export(model, metadata));

        var input = Assert.Single(session.InputMetadata);
        Assert.Equal(OnnxExport.FeaturesName, input.Key);
        Assert.Equal(typeof(double), input.Value.ElementType);
        Assert.Equal([-1, 4], input.Value.Dimensions);
        Assert.Equal("N", input.Value.SymbolicDimensions[0]);

        Assert.Equal([OnnxExport.ProbabilitiesName, OnnxExport.LabelName], session.OutputNames);
        var probabilities = session.OutputMetadata[OnnxExport.ProbabilitiesName];
        Assert.Equal(typeof(double), probabilities.ElementType);
        Assert.Equal([-1, 3], probabilities.Dimensions);
        Assert.Equal("N", probabilities.SymbolicDimensions[0]);
        var label = session.OutputMetadata[OnnxExport.LabelName];
        Assert.Equal(typeof(string), label.ElementType);
        Assert.Equal([-1], label.Dimensions);
    }

    [Fact]
    public void The_model_records_its_architecture_features_target_and_labels()
    {
        var model = new Mlp(2, [4, 2], rng: new Rng(1));
        var metadata = new ModelMetadata { FeatureNames = ["x, 1", "y \"2\""], Target = "class", Labels = ["no", "yes"] };
        using var session = new InferenceSession(Export(model, metadata));

        var onnx = session.ModelMetadata;
        Assert.Equal("MicroGrad", onnx.ProducerName);
        Assert.Equal(model.Describe(), onnx.CustomMetadataMap["micrograd.architecture"]);
        Assert.Equal("[\"x, 1\",\"y \\u00222\\u0022\"]", onnx.CustomMetadataMap["micrograd.features"]);
        Assert.Equal("class", onnx.CustomMetadataMap["micrograd.target"]);
        Assert.Equal("[\"no\",\"yes\"]", onnx.CustomMetadataMap["micrograd.labels"]);
    }

    [Fact]
    public void The_same_model_gives_the_same_bytes_through_a_stream_a_file_and_a_model_file_round_trip()
    {
        var model = new Mlp(3, [5, 2], Activation.Tanh, rng: new Rng(6));
        var metadata = new ModelMetadata { FeatureNames = ["a", "b", "c"], Labels = ["p", "q"], InputScaling = new Scaling([1, 2, 3], [4, 5, 6]) };
        var path = Path.Combine(_dir, "model.onnx");
        OnnxExport.Save(model, path, metadata);
        var reloaded = ModelFile.Deserialize(ModelFile.Serialize(model, metadata));

        var bytes = Export(model, metadata);
        Assert.Equal(bytes, Export(model, metadata));
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Equal(bytes, Export(reloaded.Model, reloaded.Metadata));
    }

    [Fact]
    public void A_null_model_or_stream_is_refused()
    {
        var model = new Mlp(2, [1], rng: new Rng(1));
        Assert.Throws<ArgumentNullException>(() => OnnxExport.Save(null!, new MemoryStream()));
        Assert.Throws<ArgumentNullException>(() => OnnxExport.Save(model, (Stream)null!));
        Assert.Throws<ArgumentException>(() => OnnxExport.Save(model, ""));
    }

    [Fact]
    public void Metadata_that_does_not_fit_the_model_is_refused_with_expected_and_found_and_nothing_is_written()
    {
        var model = new Mlp(3, [4, 2], rng: new Rng(1));
        var path = Path.Combine(_dir, "refused.onnx");

        var labels = Assert.Throws<ArgumentException>(() => OnnxExport.Save(model, path, new ModelMetadata { Labels = ["a", "b", "c"] }));
        Assert.Contains("got 3 labels for 2 outputs", labels.Message, StringComparison.Ordinal);
        var scaling = Assert.Throws<ArgumentException>(() =>
            OnnxExport.Save(model, path, new ModelMetadata { InputScaling = new Scaling([0, 0], [1, 1]) }));
        Assert.StartsWith("Expected 3 input scalings (one per model input); got 2.", scaling.Message, StringComparison.Ordinal);
        var target = Assert.Throws<ArgumentException>(() =>
            OnnxExport.Save(model, path, new ModelMetadata { TargetScaling = new Scaling([0], [1]) }));
        Assert.StartsWith("Expected 2 target scalings (one per model output); got 1.", target.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_diverged_model_is_refused()
    {
        var model = new Mlp(2, [3, 1], rng: new Rng(1));
        model.Parameters()[4].Data = double.NaN;
        var ex = Assert.Throws<ArgumentException>(() => OnnxExport.Save(model, new MemoryStream()));
        Assert.Contains("at index 4", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The model with every parameter, biases included (a fresh network's are 0), drawn from N(0, 0.7²): as a
    /// trained network's, so that the export's placement of every weight and bias is checked.</summary>
    private static Mlp Trained(Mlp model, Rng rng)
    {
        foreach (var p in model.Parameters())
            p.Data = rng.Normal(0, 0.7);
        return model;
    }

    private static byte[] Export(Mlp model, ModelMetadata? metadata)
    {
        using var stream = new MemoryStream();
        OnnxExport.Save(model, stream, metadata);
        return stream.ToArray();
    }

    /// <summary>Raw rows (what a CSV holds): standard normal draws in the scaled units, mapped back through the input
    /// scaling so that the network sees inputs of order 1 and every unit's non-linearity is exercised.</summary>
    private static double[][] RandomRows(Mlp model, ModelMetadata? metadata, int count, Rng rng)
    {
        var rows = new double[count][];
        for (var r = 0; r < count; r++)
        {
            var z = new double[model.InputCount];
            for (var j = 0; j < z.Length; j++)
                z[j] = rng.Normal(0, 1.5);
            rows[r] = metadata?.InputScaling is { } s ? s.Invert(z) : z;
        }
        return rows;
    }

    /// <summary>The network's outputs for the raw rows as predict computes them (scaled, then one batch), checked
    /// against micrograd's scalar forward row by row.</summary>
    private static double[][] Predictions(Mlp model, ModelMetadata metadata, double[][] rows)
    {
        var scaled = metadata.InputScaling is { } s ? s.Apply(rows) : rows;
        var batch = model.Predict(scaled);
        for (var r = 0; r < rows.Length; r++)
        {
            var scalar = model.Predict(scaled[r]);
            for (var j = 0; j < scalar.Length; j++)
                AssertClose(scalar[j], batch[r][j]);
        }
        return batch;
    }

    internal static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Max(1, Math.Abs(expected)),
            $"expected {expected:R}, got {actual:R} (difference {actual - expected:R})");

    private static OrtRun Run(Mlp model, ModelMetadata? metadata, double[][] rows) => new(Export(model, metadata), rows);

    /// <summary>One ONNX Runtime session over the exported bytes, run once on the rows.</summary>
    private sealed class OrtRun : IDisposable
    {
        private readonly InferenceSession _session;
        private readonly OrtValue _input;
        private readonly RunOptions _options = new();
        private readonly IDisposableReadOnlyCollection<OrtValue> _outputs;

        public OrtRun(byte[] model, double[][] rows)
        {
            _session = new InferenceSession(model);
            var width = rows[0].Length;
            var data = new double[rows.Length * width];
            for (var r = 0; r < rows.Length; r++)
                rows[r].CopyTo(data, r * width);
            _input = OrtValue.CreateTensorValueFromMemory(data, [rows.Length, width]);
            Names = [.. _session.OutputNames];
            _outputs = _session.Run(_options, [OnnxExport.FeaturesName], [_input], Names);
        }

        public string[] Names { get; }

        public double[] Doubles(int output) => _outputs[output].GetTensorDataAsSpan<double>().ToArray();

        public string[] Strings(int output) => _outputs[output].GetStringTensorAsArray();

        public long[] Shape(int output) => _outputs[output].GetTensorTypeAndShape().Shape;

        public void Dispose()
        {
            _outputs.Dispose();
            _input.Dispose();
            _options.Dispose();
            _session.Dispose();
        }
    }
}
