using System.Text;
using System.Xml.Linq;
using MicroGrad.Data;
using MicroGrad.NN;
using MicroGrad.Regression;
using MicroGrad.Visualization;

namespace MicroGrad.Tests;

// The README parser (and its own test) and the run helper of ReadmeTests (the README's examples and their tests are in
// ReadmeTests.cs, the checks of its links and samples table in ReadmeTests.Files.cs).
public sealed partial class ReadmeTests
{
    [Fact]
    public void The_readme_parser_finds_blocks_headings_and_usings()
    {
        // Hand-written: a bash block holding a '#' line, a csharp block with usings and one without.
        const string text = "# Title\n\n## One\n\n```bash\n# not a heading\n```\n\n```csharp\nusing MicroGrad;\n\nvar a = 1;\n```\n\n### Two\n```csharp\nvar b = 2;\n```\n";
        var readme = Readme.Parse(text);
        Assert.Equal([("bash", "One"), ("csharp", "One"), ("csharp", "Two")], readme.Blocks.Select(b => (b.Language, b.Heading)));
        var (usings, code) = Readme.SplitUsings(readme.Blocks[1].Code);
        Assert.Equal(["MicroGrad"], usings);
        Assert.Equal("var a = 1;", code);
        Assert.Equal(text, readme.WithCSharpBlocks([new("One", "var a = 1;"), new("Two", "var b = 2;")]));
        Assert.Equal(text.Replace("var b = 2;", "var c = 3;\nvar d = 4;", StringComparison.Ordinal),
            readme.WithCSharpBlocks([new("One", "var a = 1;"), new("Two", "var c = 3;\nvar d = 4;")]));
    }

    private static int FirstDifference(string a, string b)
    {
        var (x, y) = (a.Split('\n'), b.Split('\n'));
        var i = 0;
        while (i < x.Length && i < y.Length && x[i] == y[i])
            i++;
        return i + 1;
    }

    internal readonly record struct Region(string Name, string Code);

    /// <summary>The <c>#region README: NAME</c> … <c>#endregion</c> blocks of a C# file, in order, without the
    /// indentation of their <c>#region</c> line.</summary>
    private static List<Region> Regions(string source)
    {
        const string marker = "#region README: ";
        var lines = source.ReplaceLineEndings("\n").Split('\n');
        var regions = new List<Region>();
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (!trimmed.StartsWith(marker, StringComparison.Ordinal))
                continue;
            var indent = lines[i].Length - trimmed.Length;
            var code = new List<string>();
            for (i++; i < lines.Length && lines[i].Trim() != "#endregion"; i++)
            {
                var line = lines[i];
                Assert.True(line.Trim().Length == 0 || line.Length - line.TrimStart().Length >= indent,
                    $"ReadmeTests.cs line {i + 1} is indented less than its #region line");
                code.Add(line.Trim().Length == 0 ? "" : line[indent..]);
            }
            Assert.True(i < lines.Length, $"ReadmeTests.cs: the region '{trimmed}' has no #endregion");
            regions.Add(new(trimmed[marker.Length..].Trim(), string.Join('\n', code)));
        }
        return regions;
    }

    /// <summary>README.md as lines, with its fenced blocks (language, code, the heading above it).</summary>
    internal sealed class Readme
    {
        private readonly string[] _lines;

        private Readme(string[] lines, List<Block> blocks) => (_lines, Blocks) = (lines, blocks);

        internal readonly record struct Block(string Language, string Heading, string Code, int FirstLine, int EndLine);

        public List<Block> Blocks { get; }

        public static Readme Parse(string text)
        {
            var lines = text.ReplaceLineEndings("\n").Split('\n');
            var blocks = new List<Block>();
            var heading = "";
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].StartsWith('#'))
                {
                    heading = lines[i].TrimStart('#').Trim();
                    continue;
                }
                if (!lines[i].StartsWith("```", StringComparison.Ordinal))
                    continue;
                var language = lines[i][3..].Trim();
                var first = i + 1;
                i = Array.IndexOf(lines, "```", first);
                Assert.True(i >= 0, $"README.md: the ``` block opened on line {first} is never closed");
                blocks.Add(new(language, heading, string.Join('\n', lines[first..i]), first, i));
            }
            return new Readme(lines, blocks);
        }

        /// <summary>The leading <c>using NS;</c> lines of a block (and the blank line after them), and the rest.</summary>
        public static (IReadOnlyList<string> Usings, string Code) SplitUsings(string code)
        {
            var lines = code.Split('\n');
            var usings = new List<string>();
            var i = 0;
            for (; i < lines.Length && lines[i].StartsWith("using ", StringComparison.Ordinal) && lines[i].EndsWith(';'); i++)
                usings.Add(lines[i]["using ".Length..^1]);
            if (usings.Count > 0 && i < lines.Length && lines[i].Length == 0)
                i++;
            return (usings, string.Join('\n', lines[i..]));
        }

        /// <summary>The README's text with the code of its ```csharp blocks, in order, replaced by the regions (each
        /// keeping the block's using lines); the regions must match the blocks in number and heading.</summary>
        public string WithCSharpBlocks(IReadOnlyList<Region> regions)
        {
            var examples = Blocks.Where(b => b.Language == "csharp").ToList();
            Assert.True(examples.Count == regions.Count && examples.Select(b => b.Heading).SequenceEqual(regions.Select(r => r.Name)),
                $"Cannot rewrite README.md: its ```csharp blocks are under [{string.Join(", ", examples.Select(b => b.Heading))}] and the " +
                $"regions are named [{string.Join(", ", regions.Select(r => r.Name))}]; add or rename regions (or README headings) so they match in order.");
            var result = new List<string>();
            var next = 0;
            for (var k = 0; k < examples.Count; k++)
            {
                var block = examples[k];
                result.AddRange(_lines[next..block.FirstLine]);
                var (usings, _) = SplitUsings(block.Code);
                if (usings.Count > 0)
                    result.AddRange([.. usings.Select(u => $"using {u};"), ""]);
                result.AddRange(regions[k].Code.Split('\n'));
                next = block.EndLine;
            }
            result.AddRange(_lines[next..]);
            return string.Join('\n', result);
        }
    }

    /// <summary>A README example's surroundings: the current folder is a fresh temporary one holding a copy of the
    /// repository's data/ (the README's paths are relative to a clone), and what the example writes to the console is
    /// captured. Both are process-wide, so <see cref="ReadmeTests"/> runs alone (see <see cref="ReadmeCollection"/>).</summary>
    private sealed class ReadmeRun : IDisposable
    {
        private readonly string _previousFolder = Environment.CurrentDirectory;
        private readonly TextWriter _previousOut = Console.Out;
        private readonly StringWriter _out = new();
        private readonly string _folder = Directory.CreateTempSubdirectory("micrograd-readme-").FullName;

        public ReadmeRun()
        {
            var data = Directory.CreateDirectory(Path.Combine(_folder, "data")).FullName;
            foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root, "data")))
                File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
            Environment.CurrentDirectory = _folder;
            Console.SetOut(_out);
        }

        /// <summary>The lines written to the console so far.</summary>
        public string[] Lines => _out.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

        public void Dispose()
        {
            Console.SetOut(_previousOut);
            Environment.CurrentDirectory = _previousFolder;
            Directory.Delete(_folder, recursive: true);
        }
    }
}
