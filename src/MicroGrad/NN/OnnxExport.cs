using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace MicroGrad.NN;

/// <summary>
/// Writes an <see cref="Mlp"/> as an ONNX model (IR version 7, opset 13) that ONNX Runtime, ML.NET and other ONNX
/// tools run, computing what <c>micrograd predict</c> computes from raw feature values.
/// </summary>
/// <remarks>
/// <para>The graph, in float64 throughout, with a dynamic batch dimension N:</para>
/// <list type="number">
/// <item>input <c>features</c>, double [N, k] (k = <see cref="Mlp.InputCount"/>, in the order of
/// <see cref="ModelMetadata.FeatureNames"/>);</item>
/// <item>when the metadata has <see cref="ModelMetadata.InputScaling"/>: <c>Sub</c> then <c>Div</c>, x ↦ (x − Offset) / Scale,
/// as <see cref="Data.Scaling.Apply(IReadOnlyList{double})"/>;</item>
/// <item>per layer: <c>Gemm</c> (x·Wᵀ + b, W of shape [neurons, inputs], row j holding neuron j's weights) followed by
/// <c>Relu</c>, <c>Tanh</c> or <c>Sigmoid</c> as the layer's <see cref="Activation"/> (nothing for
/// <see cref="Activation.Linear"/>);</item>
/// <item>the outputs, by what the metadata says the model predicts (as <c>micrograd predict</c> infers it):
/// <list type="bullet">
/// <item>no <see cref="ModelMetadata.Labels"/>, a regression: <c>scores</c>, double [N, outputs], the network's outputs,
/// through <c>Mul</c> and <c>Add</c> (z·Scale + Offset, as <see cref="Data.Scaling.Invert"/>) when the metadata has
/// <see cref="ModelMetadata.TargetScaling"/>;</item>
/// <item>two labels and one output, a hinge classifier: <c>scores</c>, double [N, 1], the raw score, and <c>label</c>,
/// string [N], <c>Labels[1]</c> where the score is positive and <c>Labels[0]</c> elsewhere;</item>
/// <item>one label per output (at least two), a softmax classifier: <c>probabilities</c>, double [N, outputs], the
/// <c>Softmax</c> of the outputs, and <c>label</c>, string [N], the label of the first largest output.</item>
/// </list></item>
/// </list>
/// <para>Weights are initializers holding the parameters' exact float64 values; nodes and values have fixed names
/// (<c>layer0.weight</c>, <c>layer0.gemm</c>, …), so the same model and metadata always give the same bytes. The model's
/// <c>metadata_props</c> record the architecture and, where the metadata has them, the feature names, target and labels
/// (JSON arrays for lists).</para>
/// <para>The file is written by hand in protobuf's wire format (a few hundred lines for the eight messages an MLP
/// needs) rather than with Google.Protobuf and generated onnx.proto classes, to keep the library free of a runtime
/// dependency for one feature.</para>
/// </remarks>
/// <example><code>
/// OnnxExport.Save(model, "model.onnx", metadata);
/// // ONNX Runtime: session.Run(options, ["features"], [input], ["probabilities", "label"])
/// </code></example>
public static partial class OnnxExport
{
    /// <summary>The ONNX IR version written: 7, the IR of opset 13 (ONNX 1.8), readable by every ONNX Runtime since
    /// 1.6.</summary>
    public const int IrVersion = 7;

    /// <summary>The version of the default ONNX operator set the graph uses.</summary>
    public const int OpsetVersion = 13;

    /// <summary>The name of the graph's input.</summary>
    public const string FeaturesName = "features";

    /// <summary>The output of regression and hinge models.</summary>
    public const string ScoresName = "scores";

    /// <summary>The output of softmax classifiers.</summary>
    public const string ProbabilitiesName = "probabilities";

    /// <summary>The predicted label of a classifier.</summary>
    public const string LabelName = "label";

    private const string ProducerName = "MicroGrad";

    /// <summary>The name of the dynamic batch dimension.</summary>
    private const string BatchDimension = "N";

    private static readonly string ProducerVersion =
        typeof(OnnxExport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Writes <paramref name="model"/> as an ONNX model to <paramref name="path"/> atomically, with
    /// <see cref="AtomicFile"/> (a crash leaves the old file or the new one, never half of one). The model is checked
    /// and the bytes built before the file is touched.</summary>
    /// <param name="model">The network.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="metadata">What the model predicts and how its inputs and target were scaled (as saved by
    /// <see cref="ModelFile"/>); <see langword="null"/> exports a regression on unscaled inputs.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty; a parameter is NaN or ±∞; or the
    /// metadata does not match the model: feature names or input scalings not one per input, target scalings not one
    /// per output, or labels neither one per output (at least two) nor two for one output (the message gives the
    /// expected and the found counts).</exception>
    /// <exception cref="IOException">The file cannot be written (see <see cref="AtomicFile.Write"/>).</exception>
    /// <exception cref="UnauthorizedAccessException">The process may not write the file or its folder.</exception>
    public static void Save(Mlp model, string path, ModelMetadata? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.WriteAllBytes(path, ToBytes(model, metadata));
    }

    /// <summary>Writes <paramref name="model"/> as an ONNX model to <paramref name="stream"/> (see
    /// <see cref="Save(Mlp, string, ModelMetadata?)"/> for the graph). Nothing is written when the model or metadata is
    /// refused; the stream is left open.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Save(Mlp, string, ModelMetadata?)"/>.</exception>
    /// <exception cref="NotSupportedException"><paramref name="stream"/> cannot be written.</exception>
    public static void Save(Mlp model, Stream stream, ModelMetadata? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(ToBytes(model, metadata));
    }

    /// <summary>The kind of <paramref name="model"/> under <paramref name="metadata"/>, once the metadata is checked
    /// against the model (none: a regression).</summary>
    internal static ModelKind KindOf(Mlp model, ModelMetadata? metadata)
    {
        ModelFile.CheckMetadata(model, metadata);
        return metadata?.KindOf(model) ?? ModelKind.Regression;
    }

    /// <summary>The ONNX model's bytes.</summary>
    internal static byte[] ToBytes(Mlp model, ModelMetadata? metadata)
    {
        ArgumentNullException.ThrowIfNull(model);
        var parameters = model.GetParameterValues();
        for (var i = 0; i < parameters.Length; i++)
        {
            if (!double.IsFinite(parameters[i]))
                MicroGradThrow.Argument_NotFinite(nameof(model), "parameter (a diverged model cannot be exported)", i, parameters[i]);
        }
        var kind = KindOf(model, metadata);
        var graph = new GraphBuilder();
        graph.Input(FeaturesName, GraphBuilder.Double, model.InputCount);

        var x = FeaturesName;
        if (metadata?.InputScaling is { } inputScaling)
        {
            graph.Initializer("input_offset", [inputScaling.Count], [.. inputScaling.Offset]);
            graph.Initializer("input_scale", [inputScaling.Count], [.. inputScaling.Scale]);
            graph.Node("Sub", [x, "input_offset"], "input_centred");
            graph.Node("Div", ["input_centred", "input_scale"], "input_scaled");
            x = "input_scaled";
        }

        var targetScaling = kind == ModelKind.Regression ? metadata?.TargetScaling : null;
        // The network's last value is the scores output itself when nothing follows it.
        var lastName = kind == ModelKind.Probabilities || targetScaling is not null ? "logits" : ScoresName;
        for (var i = 0; i < model.Layers.Count; i++)
        {
            var layer = model.Layers[i];
            var isLast = i == model.Layers.Count - 1;
            var activation = layer.Neurons[0].Activation;
            var prefix = string.Create(CultureInfo.InvariantCulture, $"layer{i}");
            WriteWeights(graph, layer, prefix);
            var gemm = isLast && activation == Activation.Linear ? lastName : prefix + ".gemm";
            graph.Node("Gemm", [x, prefix + ".weight", prefix + ".bias"], gemm, ("transB", 1));
            x = gemm;
            if (activation != Activation.Linear)
            {
                x = isLast ? lastName : prefix + "." + activation.FileName();
                graph.Node(OpType(activation), [gemm], x);
            }
        }

        switch (kind)
        {
            case ModelKind.Regression:
                if (targetScaling is not null)
                {
                    graph.Initializer("target_scale", [targetScaling.Count], [.. targetScaling.Scale]);
                    graph.Initializer("target_offset", [targetScaling.Count], [.. targetScaling.Offset]);
                    graph.Node("Mul", [x, "target_scale"], "target_scaled");
                    graph.Node("Add", ["target_scaled", "target_offset"], ScoresName);
                }
                graph.Output(ScoresName, GraphBuilder.Double, model.OutputCount);
                break;
            case ModelKind.Score:
                graph.Initializer("zero", [], [0.0]);
                graph.Initializer("class_shape", [1], [-1L]);
                graph.Initializer("labels", metadata!.Labels!);
                graph.Node("Greater", [x, "zero"], "positive");
                graph.Node("Cast", ["positive"], "class_column", ("to", GraphBuilder.Int64));
                graph.Node("Reshape", ["class_column", "class_shape"], "class");
                graph.Node("Gather", ["labels", "class"], LabelName, ("axis", 0));
                graph.Output(ScoresName, GraphBuilder.Double, 1);
                graph.Output(LabelName, GraphBuilder.String);
                break;
            case ModelKind.Probabilities:
                graph.Initializer("labels", metadata!.Labels!);
                graph.Node("Softmax", [x], ProbabilitiesName, ("axis", -1));
                graph.Node("ArgMax", [x], "class", ("axis", 1), ("keepdims", 0));
                graph.Node("Gather", ["labels", "class"], LabelName, ("axis", 0));
                graph.Output(ProbabilitiesName, GraphBuilder.Double, model.OutputCount);
                graph.Output(LabelName, GraphBuilder.String);
                break;
        }
        return graph.ToModel("micrograd_mlp", MetadataProps(model, metadata));
    }

    /// <summary>The layer's Gemm operands: W [neurons, inputs] (row j = neuron j's weights, used with transB = 1) and
    /// b [neurons].</summary>
    private static void WriteWeights(GraphBuilder graph, Layer layer, string prefix)
    {
        var (inputs, outputs) = (layer.InputCount, layer.OutputCount);
        var weights = new double[outputs * inputs];
        var biases = new double[outputs];
        for (var j = 0; j < outputs; j++)
        {
            var neuron = layer.Neurons[j];
            for (var p = 0; p < inputs; p++)
                weights[j * inputs + p] = neuron.Weights[p].Data;
            biases[j] = neuron.Bias.Data;
        }
        graph.Initializer(prefix + ".weight", [outputs, inputs], weights);
        graph.Initializer(prefix + ".bias", [outputs], biases);
    }

    private static string OpType(Activation activation) => activation switch
    {
        Activation.Relu => "Relu",
        Activation.Tanh => "Tanh",
        Activation.Sigmoid => "Sigmoid",
        _ => MicroGradThrow.ArgumentOutOfRange_Enum<Activation, string>(nameof(activation), activation),
    };

    /// <summary>The model's <c>metadata_props</c>, in a fixed order: what a deployer needs to feed the model and read
    /// its outputs.</summary>
    private static List<(string Key, string Value)> MetadataProps(Mlp model, ModelMetadata? metadata)
    {
        var props = new List<(string, string)> { ("micrograd.architecture", model.Describe()) };
        if (metadata?.FeatureNames is { } features)
            props.Add(("micrograd.features", JsonArray(features)));
        if (metadata?.Target is { } target)
            props.Add(("micrograd.target", target));
        if (metadata?.Labels is { } labels)
            props.Add(("micrograd.labels", JsonArray(labels)));
        return props;
    }

    private static string JsonArray(IReadOnlyList<string> items)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var item in items)
                writer.WriteStringValue(item);
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
