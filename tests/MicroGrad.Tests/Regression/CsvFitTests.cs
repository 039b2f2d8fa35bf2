using MicroGrad.Data;
using MicroGrad.Regression;

namespace MicroGrad.Tests.Regression;

public class CsvFitTests
{
    [Fact]
    public void FitCsv_names_features_and_target_from_the_header()
    {
        var model = new LinearRegression(new LinearRegressionOptions()).FitCsv(TestData.PathOf("longley.csv"), "TOTEMP");
        Assert.Equal(["GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"], model.FeatureNames);
        Assert.Equal("TOTEMP", model.Summary.TargetName);
        // NIST certified YEAR coefficient 1829.15146461355.
        Assert.Equal(1829.15146461355, model.Coefficients[5], 1829.15146461355 * 1e-11);
        var text = model.Summary.ToString();
        Assert.Contains("Dep. Variable:", text, StringComparison.Ordinal);
        Assert.Contains("YEAR", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_numeric_cell_names_file_line_and_column()
    {
        var path = Path.Combine(Path.GetTempPath(), $"reg-bad-{Environment.ProcessId}.csv");
        File.WriteAllText(path, "x,y\n1,2\n2,abc\n3,5\n");
        try
        {
            var ex = Assert.Throws<DataFormatException>(() => new LinearRegression(new LinearRegressionOptions()).FitCsv(path, "y"));
            Assert.Contains("abc", ex.Message, StringComparison.Ordinal);
            Assert.Equal(path, ex.SourceName);
            Assert.Equal(3, ex.Line);
            Assert.Equal("y", ex.ColumnName);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
