using System.Text.Json;
using MicroGrad.NN;

namespace MicroGrad.Cli.Training;

/// <summary><c>--log-json</c>: one JSON object per line and per step, <c>{"step":0,"loss":…,"accuracy":…}</c>
/// (accuracy only for classifiers). Steps count from 0 as the progress lines do; loss and accuracy are the training
/// figures at that step, before its update. The command streams it into its file with its other outputs (or to
/// standard output for <c>--log-json -</c>).</summary>
internal static class TrainingLog
{
    /// <summary>Writes the log to <paramref name="stream"/> line by line (a long history never becomes one string).</summary>
    public static void Write(Stream stream, IReadOnlyList<TrainingStep> history, bool classification)
    {
        // One writer per line: Utf8JsonWriter refuses a second top-level value, Reset lets it start a new one.
        using var json = new Utf8JsonWriter(stream);
        foreach (var step in history)
        {
            json.WriteStartObject();
            json.WriteNumber("step", step.Step);
            json.WriteNumber("loss", step.Loss);
            if (classification)
                json.WriteNumber("accuracy", step.Accuracy);
            json.WriteEndObject();
            json.Flush();
            stream.WriteByte((byte)'\n');
            json.Reset(stream);
        }
    }
}
