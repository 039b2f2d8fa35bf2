using System.Globalization;
using System.Text;

namespace MicroGrad.Regression;

public sealed partial class RegressionSummary
{
    private const int Width = 78;

    /// <summary>The name of the target (as given to the fit, or <c>y</c>).</summary>
    public string TargetName { get; init; } = "y";

    /// <summary>How the coefficients were found (<c>Least Squares (QR)</c>, <c>Gradient Descent</c>, …).</summary>
    public string Method { get; init; } = "Least Squares";

    /// <summary>statsmodels' model name: WLS for a <see cref="Weighted"/> fit, OLS otherwise.</summary>
    private string ModelName => Weighted ? "WLS" : "OLS";

    /// <summary>
    /// A table in the layout of statsmodels' <c>OLS.fit().summary()</c>: the fit statistics, one row per parameter
    /// (coef, std err, t, P&gt;|t|, 95% interval), then Durbin–Watson and the condition number, and the undefined
    /// statistics with their reasons. Under a robust covariance a <c>Covariance Type:</c> line follows the fit
    /// statistics and the columns are z and P&gt;|z| (the non-robust table is unchanged, without that line).
    /// Numbers have 4 significant digits; invariant culture.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        var rule = new string('=', Width);
        sb.AppendLine(Center(ModelName + " Regression Results"));
        sb.AppendLine(rule);
        Pair(sb, "Dep. Variable:", TargetName, "R-squared" + (HasIntercept ? ":" : " (uncentered):"), Format.Summary(RSquared));
        Pair(sb, "Model:", ModelName, "Adj. R-squared" + (HasIntercept ? ":" : " (uncentered):"), Format.Summary(AdjustedRSquared));
        Pair(sb, "Method:", Method, "F-statistic:", Format.Summary(FStatistic));
        Pair(sb, "No. Observations:", Int(Observations), "Prob (F-statistic):", Format.Summary(FPValue));
        Pair(sb, "Df Residuals:", Int(DfResid), "Log-Likelihood:", Format.Summary(LogLikelihood));
        Pair(sb, "Df Model:", Int(DfModel), "AIC:", Format.Summary(Aic));
        Pair(sb, "S.E. of regression:", Format.Summary(StandardErrorOfRegression), "BIC:", Format.Summary(Bic));
        if (CovarianceType != CovarianceType.NonRobust)
        {
            const string label = "Covariance Type:";
            var name = CovarianceTypeName(CovarianceType);
            sb.Append(label).Append(' ', Math.Max(1, Width / 2 - 1 - label.Length - name.Length)).AppendLine(name);
        }
        sb.AppendLine(rule);
        var nameWidth = 10;
        var (statistic, probability) = CovarianceType == CovarianceType.NonRobust ? ("t", "P>|t|") : ("z", "P>|z|");
        foreach (var name in ParameterNames)
            nameWidth = Math.Max(nameWidth, name.Length + 1);
        sb.Append(' ', nameWidth).AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{"coef",11}{"std err",11}{statistic,11}{probability,11}{"[0.025",12}{"0.975]",12}"));
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

    private static void Pair(StringBuilder sb, string leftLabel, string leftValue, string rightLabel, string rightValue)
    {
        const int half = Width / 2;
        sb.Append(leftLabel).Append(' ', Math.Max(1, half - 1 - leftLabel.Length - leftValue.Length)).Append(leftValue);
        sb.Append("   ");
        var rightWidth = Width - half - 2;
        sb.Append(rightLabel).Append(' ', Math.Max(1, rightWidth - rightLabel.Length - rightValue.Length)).AppendLine(rightValue);
    }

    /// <summary>statsmodels' spelling of <c>cov_type</c>: <c>nonrobust</c>, <c>HC0</c> … <c>HC3</c>.</summary>
    internal static string CovarianceTypeName(CovarianceType type) =>
        type == CovarianceType.NonRobust ? "nonrobust" : type.ToString();

    private static string Center(string s) => new string(' ', (Width - s.Length) / 2) + s;

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);
}
