namespace MicroGrad.Tests.Browser;

/// <summary>The page tests' own instruments can fail: a request that leaves the page and an error in it are seen.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageSessionTests(Chromium chromium) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("micrograd-page-").FullName;

    [Fact]
    public async Task A_request_beyond_the_file_and_a_console_error_are_recorded()
    {
        var path = Path.Combine(_folder, "leaky.html");
        File.WriteAllText(path, """
            <!doctype html><html><body>
            <img src="http://example.invalid/tracker.png">
            <script>console.error('broken'); setTimeout(() => { throw new Error('late'); }, 0);</script>
            </body></html>
            """);

        await using var session = await chromium.OpenAsync(path);
        await session.Page.WaitForFunctionAsync("() => true");

        Assert.Contains("http://example.invalid/tracker.png", session.OtherRequests);
        Assert.Contains("console: broken", session.Errors);
        Assert.Contains(session.Errors, e => e.StartsWith("uncaught: ", StringComparison.Ordinal) && e.Contains("late", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_quiet_page_records_nothing()
    {
        var path = Path.Combine(_folder, "quiet.html");
        File.WriteAllText(path, "<!doctype html><html><body><p>hello</p></body></html>");

        await using var session = await chromium.OpenAsync(path);

        Assert.Empty(session.OtherRequests);
        Assert.Empty(session.Errors);
        Assert.Equal("hello", await session.Page.EvaluateExpressionAsync<string>("document.querySelector('p').textContent"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
