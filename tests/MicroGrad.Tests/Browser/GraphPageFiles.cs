using MicroGrad.Visualization;

namespace MicroGrad.Tests.Browser;

/// <summary>Graph pages (<see cref="GraphPicture.ToHtml"/>) written to a temporary folder of their own, deleted on
/// dispose, and opened in <see cref="Chromium"/> as a learner opens them: from disk.</summary>
public sealed class GraphPageFiles(Chromium chromium, string name) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("micrograd-" + name + "-").FullName;
    private int _pages;

    /// <summary>Writes the page of <paramref name="root"/> to a new file; returns its path.</summary>
    public string Write(Value root, GraphOptions? options = null) => WriteText(GraphPicture.ToHtml(root, options));

    /// <summary>Writes <paramref name="html"/> (a page of the test's own) to a new file; returns its path.</summary>
    public string WriteText(string html)
    {
        var path = Path.Combine(_folder, $"page{Interlocked.Increment(ref _pages)}.html");
        File.WriteAllText(path, html);
        return path;
    }

    /// <summary>Writes the page of <paramref name="root"/> and opens it in a new tab.</summary>
    public Task<PageSession> OpenAsync(Value root, GraphOptions? options = null) => chromium.OpenAsync(Write(root, options));

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
