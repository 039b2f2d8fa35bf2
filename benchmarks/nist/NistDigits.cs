#:project ../../src/MicroGrad/MicroGrad.csproj
#:property Configuration=Release
// NIST StRD linear regression: the number of certified digits (NIST's LRE) each set's fit reaches, the minimum over
// the coefficients, their standard deviations, the residual SD and R².
// Run: dotnet run benchmarks/nist/NistDigits.cs -- FOLDER
// FOLDER holds nist_lls.json and x,y CSV files in the format of tests/MicroGrad.Tests/TestData/nist (its README):
// that folder itself, or one with all StRD linear sets in that format. Polynomial sets get the powers x, x², …
// built as v *= x (as the tests and exact_lls.py build them); Longley comes from data/longley.csv. For the exact-
// arithmetic limit on the same doubles: python3 tests/MicroGrad.Tests/TestData/nist/exact_lls.py FOLDER.
using System.Globalization;
using System.Text.Json;
using MicroGrad.Data;
using MicroGrad.Regression;

var folder = args.Length > 0 ? args[0] : Path.Combine("tests", "MicroGrad.Tests", "TestData", "nist");
var sets = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "nist_lls.json"))).RootElement;
var c = CultureInfo.InvariantCulture;
Console.WriteLine("| set | params | param SD | residual SD | R² |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var set in sets.EnumerateObject())
{
    var cert = set.Value;
    var data = CsvData.Read(Path.Combine(folder, cert.GetProperty("file").GetString()!), "y");
    var degree = cert.GetProperty("degree").GetInt32();
    var x = new double[data.Target.Length][];
    for (var i = 0; i < x.Length; i++)
    {
        x[i] = new double[degree];
        var v = 1.0;
        for (var j = 0; j < degree; j++)
            x[i][j] = v *= data.Features[i][0];
    }
    Row(set.Name, cert, new LinearRegression(new LinearRegressionOptions()).Fit(x, data.Target).Summary);
}
var longley = CsvData.Read(Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? ".", "..", "..", "data", "longley.csv"), "TOTEMP");
// NIST StRD Longley certified values.
var longleyCertified = JsonDocument.Parse("""
    {"params": [-3482258.63459582, 15.0618722713733, -0.0358191792925910, -2.02022980381683, -1.03322686717359, -0.0511041056535807, 1829.15146461355],
     "param_sd": [890420.383607373, 84.9149257747669, 0.0334910077722432, 0.488399681651699, 0.214274163161675, 0.226073200069370, 455.478499142212],
     "residual_sd": 304.854073561965, "r_squared": 0.995479004577296}
    """).RootElement;
Row("Longley", longleyCertified, new LinearRegression(new LinearRegressionOptions()).Fit(longley).Summary);

void Row(string name, JsonElement cert, RegressionSummary s)
{
    double Min(string key, IReadOnlyList<double> values)
    {
        var min = double.PositiveInfinity;
        for (var j = 0; j < values.Count; j++)
            min = Math.Min(min, Lre(cert.GetProperty(key)[j].GetDouble(), values[j]));
        return min;
    }
    Console.WriteLine(string.Create(c, $"| {name} | {Min("params", s.Parameters):F2} | {Min("param_sd", s.StandardErrors):F2} | {Lre(cert.GetProperty("residual_sd").GetDouble(), s.StandardErrorOfRegression):F2} | {Lre(cert.GetProperty("r_squared").GetDouble(), s.RSquared):F2} |"));
}

// NIST's LRE, capped at 15 (what NIST's 15 certified digits can show); a certified 0 is scored absolutely.
static double Lre(double certified, double value) => Math.Min(15, value == certified ? 15
    : certified == 0 ? -Math.Log10(Math.Abs(value))
    : -Math.Log10(Math.Abs(value - certified) / Math.Abs(certified)));
