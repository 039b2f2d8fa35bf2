using System.Text;
using System.Text.Json;

namespace MicroGrad.Regression;

public sealed partial class RegressionSummary
{
    /// <summary>
    /// Every statistic as one indented JSON object, the schema <c>micrograd regress --json</c> prints:
    /// <c>target</c>, <c>method</c>, <c>cov_type</c> (statsmodels' spelling: <c>nonrobust</c>, <c>HC0</c> … <c>HC3</c>;
    /// under a robust one <c>t_values</c> hold z statistics, see <see cref="CovarianceType"/>), <c>n</c>, <c>df_model</c>, <c>df_resid</c>, <c>intercept</c> (0 without one);
    /// per parameter, keyed by its name in <see cref="ParameterNames"/> (<c>const</c> for the intercept):
    /// <c>coefficients</c>, <c>std_errors</c>, <c>t_values</c>, <c>p_values</c> and <c>conf_int</c> (a
    /// <c>[lower, upper]</c> pair); then <c>r_squared</c>, <c>adj_r_squared</c>, <c>f_statistic</c>,
    /// <c>f_p_value</c>, <c>se_regression</c>, <c>mse</c>, <c>rmse</c>, <c>mae</c>, <c>ssr</c>, <c>scale</c>,
    /// <c>log_likelihood</c>, <c>aic</c>, <c>bic</c>, <c>durbin_watson</c>, <c>condition_number</c>. An undefined
    /// statistic (NaN or ±∞) is <c>null</c>, and the <c>undefined</c> object gives the reason for each (as
    /// <see cref="Undefined"/>).
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("target", TargetName);
            w.WriteString("model", ModelName);
            w.WriteString("method", Method);
            w.WriteString("cov_type", CovarianceTypeName(CovarianceType));
            w.WriteNumber("n", Observations);
            w.WriteNumber("df_model", DfModel);
            w.WriteNumber("df_resid", DfResid);
            w.WriteNumber("intercept", HasIntercept ? Parameters[0] : 0.0);
            PerParameter(w, "coefficients", Parameters);
            PerParameter(w, "std_errors", StandardErrors);
            PerParameter(w, "t_values", TValues);
            PerParameter(w, "p_values", PValues);
            w.WriteStartObject("conf_int");
            for (var i = 0; i < ParameterNames.Count; i++)
            {
                w.WriteStartArray(ParameterNames[i]);
                Number(w, ConfidenceIntervals[i].Lower);
                Number(w, ConfidenceIntervals[i].Upper);
                w.WriteEndArray();
            }
            w.WriteEndObject();
            Field(w, "r_squared", RSquared);
            Field(w, "adj_r_squared", AdjustedRSquared);
            Field(w, "f_statistic", FStatistic);
            Field(w, "f_p_value", FPValue);
            Field(w, "se_regression", StandardErrorOfRegression);
            Field(w, "mse", MeanSquaredError);
            Field(w, "rmse", RootMeanSquaredError);
            Field(w, "mae", MeanAbsoluteError);
            Field(w, "ssr", SumOfSquaredResiduals);
            Field(w, "scale", Scale);
            Field(w, "log_likelihood", LogLikelihood);
            Field(w, "aic", Aic);
            Field(w, "bic", Bic);
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

    private void PerParameter(Utf8JsonWriter w, string name, IReadOnlyList<double> values)
    {
        w.WriteStartObject(name);
        for (var i = 0; i < ParameterNames.Count; i++)
            Field(w, ParameterNames[i], values[i]);
        w.WriteEndObject();
    }

    private static void Field(Utf8JsonWriter w, string name, double value)
    {
        w.WritePropertyName(name);
        Number(w, value);
    }

    /// <summary>The number, or null where it is undefined (NaN or ±∞).</summary>
    private static void Number(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value))
            w.WriteNumberValue(value);
        else
            w.WriteNullValue();
    }
}
