namespace MicroGrad.Regression;

public sealed partial class LinearRegression
{
    /// <summary>Weighted least squares, naming the features x1, x2, ….</summary>
    /// <inheritdoc cref="FitWeighted(double[][], double[], double[], IReadOnlyList{string}, string)"/>
    public LinearRegressionModel FitWeighted(double[][] x, double[] y, double[] weights) => FitWeighted(x, y, weights, null, null);

    /// <summary>
    /// Weighted least squares as statsmodels' <c>WLS(y, X, weights).fit()</c>: minimises Σ wᵢ(yᵢ − b − xᵢ·β)², i.e.
    /// ordinary least squares on the rows scaled by √wᵢ (weights proportional to the inverse variance of each
    /// observation).
    /// </summary>
    /// <param name="x">The features, one row per observation.</param>
    /// <param name="y">The n targets.</param>
    /// <param name="weights">One positive, finite weight per row.</param>
    /// <param name="featureNames">Names for the k columns; null for x1, x2, ….</param>
    /// <param name="targetName">Name of the target; null for <c>y</c>.</param>
    /// <exception cref="ArgumentException">A weight is not positive and finite (the message names the row), or a
    /// length mismatch; and everything <see cref="Fit(double[][], double[], IReadOnlyList{string}, string)"/> throws.</exception>
    public LinearRegressionModel FitWeighted(double[][] x, double[] y, double[] weights, IReadOnlyList<string>? featureNames,
        string? targetName = null) => throw new NotImplementedException("issue 12, WP-A");
}
