using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MicroGrad.Data;
using Xunit.Abstractions;

namespace MicroGrad.Tests.Fuzzing;

/// <summary>Issue 15, item 18: the CSV reader behind <c>train</c>, <c>regress</c> and <c>predict</c> (<see cref="CsvData.Read"/>,
/// <see cref="CsvData.ReadTable"/>, the streamed <see cref="CsvData.ReadChunks"/>, and <see cref="CsvData.Parse"/>) on
/// random bytes and on CSV-looking text with mutated cells, separators, quotes, byte-order marks and line ends. Each
/// input reads, or fails with a <see cref="DataFormatException"/> (the documented type) whose message is under 1 KB
/// and printable; the streamed reader agrees with the one that reads into memory.</summary>
public sealed class CsvFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("micrograd-fuzz-csv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly Gen<string> Number = Gen.OneOf(
        Gen.Choose(-1000, 1000).Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Choose(-1000, 1000).Select(i => (i / 7.0).ToString("R", CultureInfo.InvariantCulture)));

    private static readonly Gen<string> OddCell = Gen.Elements(
        "1.5", "-2.5e-3", "1e308", "1e309", "-1e309", "1e-400", "-0", "+.5", "5.", ".", "-", "e5", "1e", "0x10", "1_000",
        "NaN", "nan", "Infinity", "-inf", "∞", "1,5", "1.000,5", "", " ", " 3 ", "\"4\"", "\"5", "\"\"", "\"a,b\"", "\"1\n2\"",
        "abc", "١٢", "\u00a01", "1 2", "\0", "\u001b[31m", "\uFEFF1", "\ud800", "99999999999999999999999999999999");

    private static readonly Gen<string> LongCell = Gen.Choose(0, 2000).SelectMany(n =>
        Gen.ArrayOf(Gen.Elements('0', '9', '.', 'e', '-', 'x', ',', '"', ' '), n).Select(cs => new string(cs)));

    private static readonly Gen<string> Cell = Gen.Frequency((60, Number), (2, OddCell), (1, LongCell));

    private static readonly Gen<string> Name = Gen.Frequency(
        (8, Gen.Elements("x", "y", "a", "b", "x0", "x1")),
        (2, Gen.Elements("", " y ", "\"y\"", "Y", "\"a,b\"", "é", "\0", "y\"", "\"\"\"", "\uFEFFy")),
        (1, LongCell));

    private static readonly Gen<string> Separator = Gen.Elements(",", ",", ",", ";", "\t", "|", " ");

    private static readonly Gen<string> LineEnd = Gen.Elements("\n", "\n", "\r\n", "\r");

    /// <summary>A CSV table: a header of 1–5 names (x0, x1, …, y, or drawn from <see cref="Name"/>), 0–8 rows (a few
    /// ragged), one separator and line end (or a mix).</summary>
    private static readonly Gen<string> Table =
        from sep in Separator
        from eol in LineEnd
        from mixEnds in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        from columns in Gen.Choose(1, 5)
        from header in Gen.Frequency(
            (3, Gen.Constant<string[]>([.. Enumerable.Range(0, columns - 1).Select(i => $"x{i}"), "y"])),
            (1, Gen.ArrayOf(Name, columns)))
        from rowCount in Gen.Choose(0, 8)
        from rows in Gen.ArrayOf(Gen.Frequency((30, Gen.Constant(columns)), (1, Gen.Choose(Math.Max(1, columns - 1), columns + 1)))
            .SelectMany(n => Gen.ArrayOf(Cell, n)), rowCount)
        from lastEol in Gen.Elements(true, true, false)
        from ends in Gen.ArrayOf(LineEnd, rowCount + 1)
        select Join(header, rows, sep, eol, mixEnds ? ends : null, lastEol);

    private static string Join(string[] header, string[][] rows, string sep, string eol, string[]? ends, bool lastEol)
    {
        var sb = new StringBuilder(string.Join(sep, header));
        for (var r = 0; r < rows.Length; r++)
            sb.Append(ends?[r] ?? eol).Append(string.Join(sep, rows[r]));
        if (lastEol)
            sb.Append(ends?[^1] ?? eol);
        return sb.ToString();
    }

    /// <summary>0–3 edits at random places: delete a stretch, insert a character CSV cares about, duplicate a stretch,
    /// or cut the text short.</summary>
    private static readonly Gen<(int Kind, int At, char Char)> Edit =
        from kind in Gen.Choose(0, 3)
        from at in Gen.Choose(0, 10_000)
        from c in Gen.Elements('"', ',', ';', '\n', '\r', '\t', '\0', ' ', '\u00e9', '\ufeff')
        select (kind, at, c);

    private static readonly Gen<string> MutatedTable =
        from text in Table
        from edits in Gen.ArrayOf(Edit, 3)
        from count in Gen.Frequency((6, Gen.Constant(0)), (1, Gen.Choose(1, 3)))
        select Mutate(text, edits.AsSpan(0, count));

    private static string Mutate(string text, ReadOnlySpan<(int Kind, int At, char Char)> edits)
    {
        foreach (var (kind, at, c) in edits)
        {
            var i = text.Length == 0 ? 0 : at % (text.Length + 1);
            var n = Math.Min(text.Length - i, 1 + at % 7);
            text = kind switch
            {
                0 => text.Remove(i, n),
                1 => text.Insert(i, c.ToString()),
                2 => text.Insert(i, text.Substring(i, n)),
                _ => text[..i],
            };
        }
        return text;
    }

    /// <summary>How the text becomes bytes: UTF-8 mostly, with a BOM, UTF-16 with its BOM, or Latin-1.</summary>
    private static readonly Gen<Func<string, byte[]>> Encoder = Gen.Elements<Func<string, byte[]>>(
        Encoding.UTF8.GetBytes, Encoding.UTF8.GetBytes, Encoding.UTF8.GetBytes, Encoding.UTF8.GetBytes,
        s => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(s)],
        s => [.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes(s)],
        s => [.. Encoding.BigEndianUnicode.Preamble, .. Encoding.BigEndianUnicode.GetBytes(s)],
        Encoding.Latin1.GetBytes);

    /// <summary>Random bytes, weighted toward the ones CSV gives meaning to (and NUL, high bytes, BOM starts).</summary>
    private static readonly Gen<byte[]> RandomBytes = Gen.Choose(0, 600).SelectMany(n => Gen.ArrayOf(Gen.Frequency(
        (3, Gen.Choose(0, 255).Select(b => (byte)b)),
        (6, Gen.Elements("0123456789.,;\t\"\n\r -eEyx"u8.ToArray())),
        (1, Gen.Elements<byte>(0, 0xEF, 0xBB, 0xBF, 0xFF, 0xFE, 0xC3, 0x80))), n));

    internal static readonly Gen<(byte[] Bytes, string Target)> Input =
        from bytes in Gen.Frequency(
            (1, RandomBytes),
            (4, Gen.Zip(MutatedTable, Encoder).Select(t => t.Item2(t.Item1))))
        from target in Gen.Frequency((8, Gen.Constant("y")), (2, Name))
        select (bytes, target);

    [Fact]
    public void Every_input_reads_or_fails_with_a_short_DataFormatException()
    {
        var path = Path.Combine(_folder, "fuzz.csv");
        var parsed = Fuzz.Run(output, "CSV reader", Input,
            input => $"target {Fuzz.Show(input.Target)}, bytes {Fuzz.Show(input.Bytes)}",
            input =>
            {
                File.WriteAllBytes(path, input.Bytes);
                var read = Fuzz.ParsesOrThrows<DataFormatException>(() => RequireFinite(CsvData.Read(path, input.Target)));
                var streamed = Fuzz.ParsesOrThrows<DataFormatException>(() =>
                {
                    foreach (var chunk in CsvData.ReadChunks(path, input.Target, null, rowsPerChunk: 3))
                        RequireFinite(chunk.Values);
                });
                if (read != streamed)
                    throw new FuzzViolation($"CsvData.Read {(read ? "read" : "refused")} the file but ReadChunks {(streamed ? "read" : "refused")} it.");
                Fuzz.ParsesOrThrows<DataFormatException>(() => CsvData.ReadTable(path));
                Fuzz.ParsesOrThrows<DataFormatException>(() => CsvData.Parse(Encoding.UTF8.GetString(input.Bytes), input.Target));
                return read;
            });
        // The generator must reach the parser's far side too, or the property says little.
        Assert.InRange(parsed, Fuzz.Cases / 100, Fuzz.Cases - Fuzz.Cases / 100);
    }

    private static void RequireFinite(Dataset data)
    {
        if (data.FeatureCount == 0)
            throw new FuzzViolation("a data set without features");
        foreach (var row in data.Features)
            RequireFinite(row);
        RequireFinite(data.Target);
    }

    private static void RequireFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
                throw new FuzzViolation($"a non-finite value {v} was read");
        }
    }
}
