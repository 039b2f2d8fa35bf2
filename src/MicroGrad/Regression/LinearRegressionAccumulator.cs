namespace MicroGrad.Regression;

/// <summary>
/// A least-squares fit that merges: the rows seen so far reduced to the triangle R of [1 | X | y] (TSQR) and their
/// count. Accumulators filled on other threads, processes or machines merge into the one fit of all their rows
/// (<see cref="LinearRegression.Fit(LinearRegressionAccumulator)"/>), and travel as bytes
/// (<see cref="ToBytes"/>, <see cref="FromBytes"/>). Not thread-safe: one accumulator per partition.
/// </summary>
public sealed class LinearRegressionAccumulator
{
    /// <summary>Creates an empty accumulator for rows of <paramref name="featureCount"/> features.</summary>
    /// <param name="featureCount">k, the number of features (≥ 1).</param>
    /// <param name="fitIntercept">Whether the fit has an intercept.</param>
    public LinearRegressionAccumulator(int featureCount, bool fitIntercept = true) =>
        throw new NotImplementedException("issue 12, WP-B");

    /// <summary>Adds rows.</summary>
    public void Add(double[][] x, double[] y) => throw new NotImplementedException("issue 12, WP-B");

    /// <summary>Merges the rows of <paramref name="other"/> into this accumulator (<paramref name="other"/> is not changed).</summary>
    public void Merge(LinearRegressionAccumulator other) => throw new NotImplementedException("issue 12, WP-B");

    /// <summary>The accumulator as a versioned byte string.</summary>
    public byte[] ToBytes() => throw new NotImplementedException("issue 12, WP-B");

    /// <summary>Reads an accumulator written by <see cref="ToBytes"/>.</summary>
    public static LinearRegressionAccumulator FromBytes(byte[] bytes) => throw new NotImplementedException("issue 12, WP-B");
}
