namespace MicroGrad.Regression;

public sealed partial class LinearRegression
{
    /// <summary>Fits the rows gathered (and merged) in <paramref name="accumulator"/>.</summary>
    public LinearRegressionModel Fit(LinearRegressionAccumulator accumulator) => throw new NotImplementedException("issue 12, WP-B");
}
