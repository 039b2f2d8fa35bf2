using PuppeteerSharp;

namespace MicroGrad.Tests.Browser;

/// <summary>The browser tests share one headless Chromium, started once.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Chromium>
{
    public const string Name = "Browser";
}

/// <summary>
/// The system's Chromium (Debian's <c>chromium</c> package; <c>.ci/run</c> installs it), driven headless through
/// PuppeteerSharp, which downloads no browser of its own. <c>MICROGRAD_CHROMIUM</c> names another executable. A
/// missing browser fails every browser test with the way to install one: the pages are never left untested silently.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private static readonly string[] s_candidates =
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    private IBrowser? _browser;

    /// <summary>The executable the tests start: <c>MICROGRAD_CHROMIUM</c>, else the first of the usual paths.</summary>
    public static string ExecutablePath
    {
        get
        {
            if (Environment.GetEnvironmentVariable("MICROGRAD_CHROMIUM") is { Length: > 0 } chosen)
            {
                return File.Exists(chosen) ? chosen : throw new FileNotFoundException(
                    $"MICROGRAD_CHROMIUM names '{chosen}', which does not exist.", chosen);
            }
            foreach (var path in s_candidates)
            {
                if (File.Exists(path))
                    return path;
            }
            throw new FileNotFoundException(
                "The browser tests need Chromium and found none at " + string.Join(", ", s_candidates) +
                ". Install it (Debian/Ubuntu: apt-get install chromium) or set MICROGRAD_CHROMIUM to a Chrome or Chromium executable.");
        }
    }

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not been started.");

    public async Task InitializeAsync()
    {
        _browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = ExecutablePath,
            // The sandbox needs user namespaces, which root in a container does not have; the pages are our own files.
            Args = ["--no-sandbox", "--disable-gpu"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.CloseAsync();
    }

    /// <summary>Opens <paramref name="path"/> (a file on disk, as a learner opens it) in a new tab of
    /// <paramref name="width"/> × <paramref name="height"/> CSS pixels and waits until it has loaded.</summary>
    public async Task<PageSession> OpenAsync(string path, int width = 1280, int height = 800)
    {
        var page = await Browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = width, Height = height });
        var session = new PageSession(page, new Uri(Path.GetFullPath(path)).AbsoluteUri);
        await page.GoToAsync(session.Url, new NavigationOptions { WaitUntil = [WaitUntilNavigation.Load] });
        return session;
    }
}
