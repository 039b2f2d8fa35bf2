using System.Text.Json;

namespace MicroGrad.Tests;

/// <summary>Files in TestData/, copied into the test output. Each one is a copy of a file in the team's shared/
/// folder (testdata/ or data/), so a fresh clone needs nothing beside it; the file names are unchanged.</summary>
internal static class TestData
{
    public static string PathOf(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", fileName);
        // A missing oracle must fail the test, never let it pass silently.
        return File.Exists(path) ? path : throw new FileNotFoundException($"Test data file '{fileName}' is missing from the test output.", path);
    }

    public static JsonElement Json(string fileName) =>
        JsonDocument.Parse(File.ReadAllText(PathOf(fileName))).RootElement;
}
