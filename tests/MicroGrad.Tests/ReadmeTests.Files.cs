namespace MicroGrad.Tests;

// What the README points at: the files it links to and the samples it lists (the README's C# examples are in
// ReadmeTests.cs).
public sealed partial class ReadmeTests
{
    [Fact]
    public void Every_picture_and_file_the_readme_links_to_is_in_the_repository()
    {
        // Relative links only ([text](path), ![alt](path)); web addresses and #anchors are not files of ours.
        var links = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Repository.PathOf("README.md")), @"\]\(([^)\s#]+)[^)]*\)")
            .Select(m => m.Groups[1].Value)
            .Where(target => !target.Contains("://", StringComparison.Ordinal))
            .ToList();
        Assert.Contains("docs/images/boundary.png", links);
        Assert.All(links, target => Assert.True(
            File.Exists(Path.Combine(Repository.Root, target)) || Directory.Exists(Path.Combine(Repository.Root, target)),
            $"README.md links to '{target}', which is not in the repository"));
    }

    [Fact]
    public void Every_sample_is_in_the_readme_samples_table_and_says_how_to_run_it()
    {
        // The README's "Samples" table lists each file-based program as `samples/NAME.cs`; CI runs every file in the
        // folder (.ci/run), so a sample missing from the table, or a row without its file, is a README that lies.
        var readme = File.ReadAllText(Repository.PathOf("README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf("\n## Samples\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Samples' section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var listed = System.Text.RegularExpressions.Regex.Matches(readme[start..(end < 0 ? readme.Length : end)], @"^\| `(samples/[^`]+\.cs)` \|",
                System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value)
            .Order(StringComparer.Ordinal)
            .ToList();
        var files = Directory.GetFiles(Path.Combine(Repository.Root, "samples"), "*.cs")
            .Select(f => "samples/" + Path.GetFileName(f))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Contains("samples/newton.cs", files);
        Assert.Equal(files, listed);
        foreach (var sample in files)
        {
            var lines = File.ReadAllLines(Path.Combine(Repository.Root, sample));
            Assert.Equal("#:project ../src/MicroGrad/MicroGrad.csproj", lines[0]);
            Assert.Contains($"// Run: dotnet run {sample}", lines);
        }
    }
}
