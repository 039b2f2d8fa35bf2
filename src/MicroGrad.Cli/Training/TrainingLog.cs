using System.Buffers;
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
        // One line at a time into a small buffer, then into the stream: Utf8JsonWriter refuses a second top-level value
        // (Reset lets it start a new one), and its Flush would flush a file stream at every line.
        var line = new ArrayBufferWriter<byte>(256);
        using var json = new Utf8JsonWriter(line);
        foreach (var step in history)
        {
            json.WriteStartObject();
            json.WriteNumber("step", step.Step);
            json.WriteNumber("loss", step.Loss);
            if (classification)
                json.WriteNumber("accuracy", step.Accuracy);
            json.WriteEndObject();
            json.Flush();
            stream.Write(line.WrittenSpan);
            stream.WriteByte((byte)'\n');
            line.ResetWrittenCount();
            json.Reset(line);
        }
    }
}
