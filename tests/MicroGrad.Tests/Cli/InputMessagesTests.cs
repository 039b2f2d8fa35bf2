using System.Text;

namespace MicroGrad.Tests.Cli;

/// <summary>Issue 15, items 11 and 12 (inputs): what the tool says about a file or a value the user gave — bounded,
/// printable, in its own words (never a .NET parameter name), and naming what the path really is.</summary>
public sealed class InputMessagesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("micrograd-inputs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text) => CsvFixtures.Write(_folder, name, text);

    private string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void AssertPrintable(string error)
    {
        foreach (var c in error)
            Assert.False(char.IsControl(c) && c is not ('\n' or '\r'), $"control character U+{(int)c:X4} in: {error}");
    }

    [Fact]
    public void A_program_given_as_data_is_not_a_text_csv_file_and_none_of_its_bytes_are_printed()
    {
        // The first bytes of an ELF executable such as /bin/ls: magic, then NUL padding.
        byte[] elf = [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3E, 0, 0xEF, 0xBF, 0xBD];
        var path = WriteBytes("ls", elf);
        foreach (var command in new[] { "train", "regress" })
        {
            var r = Cli.Run(command, "--data", path, "--target", "y");
            Assert.Equal(2, r.ExitCode);
            Assert.Contains($"'{path}' is not a text CSV file: expected UTF-8 text, found a NUL byte at byte 8.", r.Error, StringComparison.Ordinal);
            AssertPrintable(r.Error);
        }
    }

    [Fact]
    public void A_latin1_file_is_not_a_text_csv_file_and_the_message_names_the_byte()
    {
        var path = WriteBytes("latin1.csv", Encoding.Latin1.GetBytes("caf\u00e9,y\n1,2\n"));
        var r = Cli.Run("train", "--data", path, "--target", "y");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("found byte 0xE9, which is not UTF-8 at byte 4.", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_utf16_file_with_its_byte_order_mark_is_still_text()
    {
        // Guards the check above: UTF-16 is all NUL bytes for ASCII, but its byte-order mark says how to decode it.
        var text = "a,y\n1,2\n2,3\n3,5\n4,4\n";
        var path = WriteBytes("utf16.csv", [.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes(text)]);
        var r = Cli.Run("regress", "--data", path, "--target", "y");
        Assert.True(r.ExitCode == 0, r.Error);
    }

    [Fact]
    public void A_directory_given_as_data_or_model_is_said_to_be_a_directory()
    {
        var model = Path.Combine(_folder, "model.json");
        Assert.Equal(0, Cli.Run("train", "--data", CsvFixtures.Linear(_folder), "--target", "y", "--steps", "2", "--save", model).ExitCode);
        string[][] runs =
        [
            ["train", "--data", _folder, "--target", "y"],
            ["regress", "--data", _folder, "--target", "y"],
            ["regress", "--data", _folder, "--target", "y", "--out-of-core"],
            ["regress", "--data", _folder, "--target", "y", "--out-of-core", "--solver", "gd", "--cache-dir", Path.Combine(_folder, "cache")],
            ["predict", "--model", model, "--data", _folder],
        ];
        foreach (var args in runs)
        {
            var r = Cli.Run(args);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains($"Data file '{_folder}' is a directory, not a file.", r.Error, StringComparison.Ordinal);
        }
        var m = Cli.Run("predict", "--model", _folder, "--data", CsvFixtures.Linear(_folder));
        Assert.Equal(2, m.ExitCode);
        Assert.Contains($"Model file '{_folder}' is a directory, not a file.", m.Error, StringComparison.Ordinal);
    }

    /// <summary>Every path found where a library <see cref="ArgumentException"/> reached the user (with its
    /// "(Parameter 'x')"): a data file with no feature column, through each of regress's ways of reading it; an
    /// empty file name; a feature that the model's input scaling overflows. Data errors in a file are now the
    /// library's <see cref="MicroGrad.Data.DataFormatException"/>; the others the tool checks before it calls the
    /// library, whose <see cref="ArgumentException"/> is right for a program that passes such arguments.</summary>
    [Fact]
    public void No_message_of_an_input_error_carries_a_dotnet_parameter_name()
    {
        var onlyTarget = Write("only-target.csv", "y\n1\n2\n3\n");
        var data = CsvFixtures.Linear(_folder);
        var noFeatures = $"{onlyTarget}: no feature columns besides the target 'y'.";
        (string[] Args, int Code, string Message)[] cases =
        [
            (["regress", "--data", onlyTarget, "--target", "y"], 2, noFeatures),
            (["regress", "--data", onlyTarget, "--target", "y", "--solver", "sgd"], 2, noFeatures),
            (["regress", "--data", onlyTarget, "--target", "y", "--plot", Path.Combine(_folder, "plots")], 2, noFeatures),
            (["regress", "--data", onlyTarget, "--target", "y", "--out-of-core"], 2, noFeatures),
            (["regress", "--data", onlyTarget, "--target", "y", "--out-of-core", "--solver", "gd", "--cache-dir", Path.Combine(_folder, "cache")], 2, noFeatures),
            (["train", "--data", onlyTarget, "--target", "y"], 2, noFeatures),
            (["predict", "--model", "", "--data", data], 1, "--model expects a file name; found an empty string."),
            (["train", "--data", "", "--target", "y"], 1, "--data expects a file name; found an empty string."),
            // Every option naming a file or folder to write: an empty value is a usage error, not .NET's "(Parameter 'path')".
            (["train", "--data", data, "--target", "y", "--save", ""], 1, "--save expects a file name; found an empty string."),
            (["train", "--data", data, "--target", "y", "--log-json", ""], 1, "--log-json expects a file name; found an empty string."),
            (["train", "--data", data, "--target", "y", "--plot", ""], 1, "--plot expects a folder; found an empty string."),
            (["regress", "--data", data, "--target", "y", "--plot", ""], 1, "--plot expects a folder; found an empty string."),
            (["regress", "--data", data, "--target", "y", "--cache-dir", ""], 1, "--cache-dir expects a folder; found an empty string."),
            (["graph", "x", "--set", "x=1", "--out", ""], 1, "--out expects a file name; found an empty string."),
            (["predict", "--model", "m.json", "--data", data, "--output", ""], 1, "--output expects a file name; found an empty string."),
            (["demo", "--out", ""], 1, "--out expects a folder; found an empty string."),
        ];
        // A feature the model's input scaling overflows (1.7e308 / its small standard deviation).
        var tiny = Write("tiny.csv", "a,y\n0.1,0\n0.2,1\n0.15,0\n0.25,1\n");
        var model = Path.Combine(_folder, "tiny.json");
        Assert.Equal(0, Cli.Run("train", "--data", tiny, "--target", "y", "--steps", "2", "--save", model).ExitCode);
        var huge = Write("huge.csv", "a\n1\n1.7e308\n");
        cases = [.. cases, (["predict", "--model", model, "--data", huge], 2, $"{huge}, data row 2, column 'a': 1.7e+308 is too large for the model's input scaling (it standardises to inf).")];
        foreach (var (args, code, message) in cases)
        {
            var r = Cli.Run(args);
            Assert.True(code == r.ExitCode, $"{string.Join(' ', args)}: exit {r.ExitCode}, {r.Error}");
            Assert.Contains(message, r.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("(Parameter", r.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_huge_set_value_is_echoed_bounded()
    {
        var r = Cli.Run("graph", "x", "--set", "x=" + new string('9', 50_000) + "z", "--format", "dot");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("(50,003 characters)", r.Error, StringComparison.Ordinal);
        Assert.True(r.Error.Length < 400, r.Error[..Math.Min(2000, r.Error.Length)]);
    }

    [Fact]
    public void A_huge_option_value_is_echoed_bounded()
    {
        var r = Cli.Run("demo", "--steps", new string('x', 100_000));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("(100,000 characters)", r.Error, StringComparison.Ordinal);
        Assert.True(r.Error.Length < 400, r.Error[..Math.Min(2000, r.Error.Length)]);
    }

    [Fact]
    public void A_huge_target_name_is_echoed_bounded()
    {
        var r = Cli.Run("train", "--data", CsvFixtures.Linear(_folder), "--target", new string('t', 100_000));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("(100,000 characters)", r.Error, StringComparison.Ordinal);
        Assert.True(r.Error.Length < 400, r.Error[..Math.Min(2000, r.Error.Length)]);
    }

    [Fact]
    public void A_huge_unknown_name_in_an_expression_is_echoed_bounded()
    {
        var r = Cli.Run("graph", new string('f', 100_000) + "(x)", "--set", "x=1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Unknown function 'ffff", r.Error, StringComparison.Ordinal);
        Assert.True(r.Error.Length < 600, r.Error[..Math.Min(2000, r.Error.Length)]);
    }
}
