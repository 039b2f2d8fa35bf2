using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MicroGrad.Data;
using MicroGrad.NN;
using Xunit.Abstractions;

namespace MicroGrad.Tests.Fuzzing;

/// <summary>Issue 15, item 18: the model-file reader behind <c>predict --model</c> (<see cref="ModelFile.Load"/>, whose
/// bytes go to <see cref="ModelFile.Parse"/>) on mutations and truncations of a valid file and on random JSON. Each
/// input loads, or fails with an <see cref="InvalidDataException"/> (the documented type) whose message is under 1 KB
/// and printable.</summary>
public sealed class ModelFileFuzzTests(ITestOutputHelper output)
{
    /// <summary>A valid file with every field: two hidden layers, feature names, labels, both scalings.</summary>
    private static readonly byte[] Valid = Encoding.UTF8.GetBytes(ModelFile.Serialize(
        new Mlp(2, [3, 2, 2], Activation.Tanh, Activation.Linear, Initialization.EurekaLabs, new Rng(5)),
        new ModelMetadata
        {
            FeatureNames = ["x0", "x1"],
            Target = "y",
            Labels = ["-1", "1"],
            InputScaling = new Scaling([0.5, -1.0], [2.0, 0.25]),
            TargetScaling = null,
        }));

    /// <summary>What an edit may insert: JSON tokens of every kind, numbers at and past the limits, broken text.</summary>
    private static readonly Gen<string> Token = Gen.Elements(
        "null", "true", "false", "0", "-0", "-1", "1.5", "1e400", "-1e400", "NaN", "2147483648", "99999999999999999999",
        "9223372036854775807", "\"\"", "\"x\"", "\"\\ud800\"", "\"\\u0000\"", "[", "]", "{", "}", ",", ":", "\"", "[]", "{}",
        "[1,2]", "[2147483647,2147483647,2147483647]", "\"relu\"", "\"micrograd-mlp\"", "\u00e9", "\0", "\t", "\n");

    private static readonly Gen<(int Kind, int At, int Length, string Token, byte Byte)> Edit =
        from kind in Gen.Choose(0, 5)
        from at in Gen.Choose(0, int.MaxValue)
        from length in Gen.Choose(1, 40)
        from token in Token
        from b in Gen.Choose(0, 255)
        select (kind, at, length, token, (byte)b);

    /// <summary>The valid file after 1–4 edits: a byte changed, a stretch deleted, a token inserted, a stretch
    /// repeated, a number replaced, or the file cut short.</summary>
    private static readonly Gen<byte[]> Mutated =
        from edits in Gen.ArrayOf(Edit, 4)
        from count in Gen.Choose(1, 4)
        select Mutate(edits.AsSpan(0, count));

    private static byte[] Mutate(ReadOnlySpan<(int Kind, int At, int Length, string Token, byte Byte)> edits)
    {
        var bytes = new List<byte>(Valid);
        foreach (var (kind, at, length, token, b) in edits)
        {
            var i = at % (bytes.Count + 1);
            var n = Math.Min(length, bytes.Count - i);
            switch (kind)
            {
                case 0 when i < bytes.Count:
                    bytes[i] = b;
                    break;
                case 1:
                    bytes.RemoveRange(i, n);
                    break;
                case 2:
                    bytes.InsertRange(i, Encoding.UTF8.GetBytes(token));
                    break;
                case 3:
                    bytes.InsertRange(i, bytes.GetRange(i, n));
                    break;
                case 4:
                    // Replace the number that starts at or after i, if any, by the token.
                    var start = bytes.FindIndex(i, x => x is (byte)'-' or >= (byte)'0' and <= (byte)'9');
                    if (start < 0)
                        break;
                    var end = start + 1;
                    while (end < bytes.Count && bytes[end] is (byte)'.' or (byte)'e' or (byte)'E' or (byte)'-' or (byte)'+' or >= (byte)'0' and <= (byte)'9')
                        end++;
                    bytes.RemoveRange(start, end - start);
                    bytes.InsertRange(start, Encoding.UTF8.GetBytes(token));
                    break;
                default:
                    bytes.RemoveRange(i, bytes.Count - i);
                    break;
            }
        }
        return [.. bytes];
    }

    private static readonly string[] Keys =
        ["format", "version", "inputs", "layerSizes", "hiddenActivation", "outputActivation", "parameters", "metadata",
         "featureNames", "target", "labels", "inputScaling", "targetScaling", "offset", "scale", "other"];

    private static Gen<string> Json(int depth) => depth <= 0
        ? Token.Where(t => t is not ("[" or "]" or "{" or "}" or "," or ":" or "\""))
        : Gen.Frequency(
            (3, Json(0)),
            (1, Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Json(depth - 1), n)).Select(items => "[" + string.Join(",", items) + "]")),
            (2, Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Gen.Zip(Gen.Elements(Keys), Json(depth - 1)), n))
                .Select(fields => "{" + string.Join(",", fields.Select(f => $"\"{f.Item1}\":{f.Item2}")) + "}")));

    /// <summary>Random JSON over the file's own field names (a few levels deep), or brackets nested far past the
    /// reader's depth limit.</summary>
    private static readonly Gen<byte[]> RandomJson = Gen.Frequency(
        (20, Json(4).Select(Encoding.UTF8.GetBytes)),
        (1, Gen.Choose(1, 5000).Select(depth => Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth)))));

    private static readonly Gen<byte[]> Input = Gen.Frequency((3, Mutated), (1, RandomJson));

    [Fact]
    public void Every_input_loads_or_fails_with_a_short_InvalidDataException()
    {
        var parsed = Fuzz.Run(output, "model-file reader", Input, bytes => Fuzz.Show(Encoding.UTF8.GetString(bytes)),
            bytes => Fuzz.ParsesOrThrows<InvalidDataException>(() => ModelFile.Parse(bytes, "'fuzz.json'")));
        Assert.InRange(parsed, 1, Fuzz.Cases - Fuzz.Cases / 100);
    }
}
