using System.Text.Json;
using MicroGrad.Regression;
using static MicroGrad.Tests.Regression.RegressionTestData;

namespace MicroGrad.Tests.Regression;

/// <summary>The summary's one JSON schema (the one <c>micrograd regress --json</c> documents).</summary>
public class RegressionSummaryJsonTests
{
    [Fact]
    public void Json_holds_every_parameter_statistic_keyed_by_name_without_loss()
    {
        // Oracle: the summary's own numbers (JSON numbers round-trip a double exactly).
        var (x, y, names) = Longley();
        var s = new LinearRegression(new LinearRegressionOptions()).Fit(x, y, names, "TOTEMP").Summary;
        var json = JsonDocument.Parse(s.ToJson()).RootElement;
        Assert.Equal("TOTEMP", json.GetProperty("target").GetString());
        Assert.Equal(16, json.GetProperty("n").GetInt32());
        Assert.Equal(s.Parameters[0], json.GetProperty("intercept").GetDouble());
        for (var i = 0; i < s.ParameterNames.Count; i++)
        {
            var name = s.ParameterNames[i];
            Assert.Equal(s.Parameters[i], json.GetProperty("coefficients").GetProperty(name).GetDouble());
            Assert.Equal(s.StandardErrors[i], json.GetProperty("std_errors").GetProperty(name).GetDouble());
            Assert.Equal(s.TValues[i], json.GetProperty("t_values").GetProperty(name).GetDouble());
            Assert.Equal(s.PValues[i], json.GetProperty("p_values").GetProperty(name).GetDouble());
            Assert.Equal(s.ConfidenceIntervals[i].Lower, json.GetProperty("conf_int").GetProperty(name)[0].GetDouble());
            Assert.Equal(s.ConfidenceIntervals[i].Upper, json.GetProperty("conf_int").GetProperty(name)[1].GetDouble());
        }
        Assert.Equal(s.RSquared, json.GetProperty("r_squared").GetDouble());
        Assert.Equal(s.SumOfSquaredResiduals, json.GetProperty("ssr").GetDouble());
        // One schema: statsmodels' attribute names (params, bse) are not a second spelling of the same numbers.
        foreach (var old in new[] { "params", "bse", "tvalues", "nobs", "rsquared" })
            Assert.False(json.TryGetProperty(old, out _), old);
    }

    [Fact]
    public void Without_an_intercept_the_json_intercept_is_zero()
    {
        // Hand calculation: y = 2x through the origin.
        var s = new LinearRegression(new LinearRegressionOptions { FitIntercept = false }).Fit([[1], [2], [3]], [2, 4, 6.5]).Summary;
        var json = JsonDocument.Parse(s.ToJson()).RootElement;
        Assert.Equal(0.0, json.GetProperty("intercept").GetDouble());
        Assert.False(json.GetProperty("coefficients").TryGetProperty("const", out _));
    }
}
