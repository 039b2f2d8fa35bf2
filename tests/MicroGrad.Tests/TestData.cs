using System.Text.Json;

namespace MicroGrad.Tests;

/// <summary>Files in the test output's TestData/: the oracles in tests/MicroGrad.Tests/TestData/ (copies of the team's
/// shared/testdata/, names unchanged) and the data sets in data/ (copies of shared/data/), so a fresh clone needs
/// nothing beside it.</summary>
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
