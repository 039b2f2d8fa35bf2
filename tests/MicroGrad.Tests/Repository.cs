namespace MicroGrad.Tests;

/// <summary>The source tree the tests were built from, for the tests that compare files of it (README.md, the
/// approved public API) and can rewrite them.</summary>
internal static class Repository
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The folder holding MicroGrad.slnx, found by walking up from the test assembly.</summary>
    /// <exception cref="DirectoryNotFoundException">No folder above the test assembly holds MicroGrad.slnx (the tests
    /// run outside a clone): the tests that need the sources fail rather than pass without looking.</exception>
    public static string Root => s_root.Value;

    /// <summary>The file at <paramref name="relativePath"/> (with '/' separators) under <see cref="Root"/>, which must
    /// exist.</summary>
    public static string PathOf(string relativePath)
    {
        var path = Path.Combine([Root, .. relativePath.Split('/')]);
        return File.Exists(path) ? path : throw new FileNotFoundException($"'{relativePath}' is missing from the repository at {Root}.", path);
    }

    private static string FindRoot()
    {
        var start = Path.GetDirectoryName(typeof(Repository).Assembly.Location) ?? AppContext.BaseDirectory;
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MicroGrad.slnx")))
                return folder.FullName;
        }
        throw new DirectoryNotFoundException($"No folder above the test assembly ({start}) holds MicroGrad.slnx: these tests compare files of the repository and need to run from a clone of it.");
    }
}
