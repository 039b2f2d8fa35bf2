using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MicroGrad.Regression;

public sealed partial class RegressionSummary
{
    private const int Width = 78;

    /// <summary>The name of the target (as given to the fit, or <c>y</c>).</summary>
    public string TargetName { get; init; } = "y";

    /// <summary>How the coefficients were found (<c>Least Squares (QR)</c>, <c>Gradient Descent</c>, …).</summary>
    public string Method { get; init; } = "Least Squares";

    /// <summary>
    /// A table in the layout of statsmodels' <c>OLS.fit().summary()</c>: the fit statistics, one row per parameter
    /// (coef, std err, t, P&gt;|t|, 95% interval), then Durbin–Watson and the condition number, and the undefined
    /// statistics with their reasons. Numbers have 4 significant digits; invariant culture.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        var rule = new string('=', Width);
        sb.AppendLine(Center("OLS Regression Results"));
        sb.AppendLine(rule);
        Pair(sb, "Dep. Variable:", TargetName, "R-squared" + (HasIntercept ? ":" : " (uncentered):"), Format.Summary(RSquared));
        Pair(sb, "Model:", "OLS", "Adj. R-squared" + (HasIntercept ? ":" : " (uncentered):"), Format.Summary(AdjustedRSquared));
        Pair(sb, "Method:", Method, "F-statistic:", Format.Summary(FStatistic));
        Pair(sb, "No. Observations:", Int(Observations), "Prob (F-statistic):", Format.Summary(FPValue));
        Pair(sb, "Df Residuals:", Int(DfResid), "Log-Likelihood:", Format.Summary(LogLikelihood));
        Pair(sb, "Df Model:", Int(DfModel), "AIC:", Format.Summary(Aic));
        Pair(sb, "S.E. of regression:", Format.Summary(StandardErrorOfRegression), "BIC:", Format.Summary(Bic));
        sb.AppendLine(rule);
        var nameWidth = 10;
        foreach (var name in ParameterNames)
            nameWidth = Math.Max(nameWidth, name.Length + 1);
        sb.Append(' ', nameWidth).AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{"coef",11}{"std err",11}{"t",11}{"P>|t|",11}{"[0.025",12}{"0.975]",12}"));
        sb.AppendLine(new string('-', Width));
        for (var j = 0; j < ParameterNames.Count; j++)
        {
            sb.Append(ParameterNames[j].PadRight(nameWidth));
            sb.Append(Format.Summary(Parameters[j]).PadLeft(11)).Append(Format.Summary(StandardErrors[j]).PadLeft(11));
            sb.Append(Format.Fixed(TValues[j], 3).PadLeft(11)).Append(Format.Fixed(PValues[j], 3).PadLeft(11));
            sb.Append(Format.Summary(ConfidenceIntervals[j].Lower).PadLeft(12)).AppendLine(Format.Summary(ConfidenceIntervals[j].Upper).PadLeft(12));
        }
        sb.AppendLine(rule);
        Pair(sb, "Durbin-Watson:", Format.Fixed(DurbinWatson, 3), "Condition No.:", Format.Summary(ConditionNumber));
        Pair(sb, "RMSE:", Format.Summary(RootMeanSquaredError), "MAE:", Format.Summary(MeanAbsoluteError));
        sb.AppendLine(rule);
        if (Undefined.Count > 0)
        {
            sb.AppendLine("Undefined (nan above):");
            foreach (var (name, reason) in Undefined)
                sb.Append("  ").Append(name).Append(": ").AppendLine(reason);
        }
        return sb.ToString();
    }

    /// <summary>Every statistic as a JSON object with statsmodels' names (<c>params</c>, <c>bse</c>, <c>tvalues</c>,
    /// <c>pvalues</c>, <c>conf_int_95</c>, <c>rsquared</c>, …, as in <c>statsmodels_longley.json</c>); an undefined
    /// value is <c>null</c> and the <c>undefined</c> object gives the reason for each.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("dep_variable", TargetName);
            w.WriteNumber("nobs", Observations);
            w.WriteNumber("df_model", DfModel);
            w.WriteNumber("df_resid", DfResid);
            w.WriteStartArray("names");
            foreach (var name in ParameterNames)
                w.WriteStringValue(name);
            w.WriteEndArray();
            Array(w, "params", Parameters);
            Array(w, "bse", StandardErrors);
            Array(w, "tvalues", TValues);
            Array(w, "pvalues", PValues);
            w.WriteStartArray("conf_int_95");
            foreach (var ci in ConfidenceIntervals)
            {
                w.WriteStartArray();
                Number(w, ci.Lower);
                Number(w, ci.Upper);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            Field(w, "rsquared", RSquared);
            Field(w, "rsquared_adj", AdjustedRSquared);
            Field(w, "fvalue", FStatistic);
            Field(w, "f_pvalue", FPValue);
            Field(w, "llf", LogLikelihood);
            Field(w, "aic", Aic);
            Field(w, "bic", Bic);
            Field(w, "ssr", SumOfSquaredResiduals);
            Field(w, "scale", Scale);
            Field(w, "se_regression", StandardErrorOfRegression);
            Field(w, "mse", MeanSquaredError);
            Field(w, "rmse", RootMeanSquaredError);
            Field(w, "mae", MeanAbsoluteError);
            Field(w, "durbin_watson", DurbinWatson);
            Field(w, "condition_number", ConditionNumber);
            w.WriteStartObject("undefined");
            foreach (var (name, reason) in Undefined)
                w.WriteString(name, reason);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes <paramref name="name"/>: the number, or null where it is undefined (NaN or ±∞); shared with the
    /// CLI's JSON so that both spell an undefined statistic the same way.</summary>
    internal static void Field(Utf8JsonWriter w, string name, double value)
    {
        w.WritePropertyName(name);
        Number(w, value);
    }

    private static void Array(Utf8JsonWriter w, string name, IReadOnlyList<double> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
            Number(w, v);
        w.WriteEndArray();
    }

    /// <summary>The number, or null where it is undefined (NaN or ±∞).</summary>
    internal static void Number(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value))
            w.WriteNumberValue(value);
        else
            w.WriteNullValue();
    }

    private static void Pair(StringBuilder sb, string leftLabel, string leftValue, string rightLabel, string rightValue)
    {
        const int half = Width / 2;
        sb.Append(leftLabel).Append(' ', Math.Max(1, half - 1 - leftLabel.Length - leftValue.Length)).Append(leftValue);
        sb.Append("   ");
        var rightWidth = Width - half - 2;
        sb.Append(rightLabel).Append(' ', Math.Max(1, rightWidth - rightLabel.Length - rightValue.Length)).AppendLine(rightValue);
    }

    private static string Center(string s) => new string(' ', (Width - s.Length) / 2) + s;

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);
}
