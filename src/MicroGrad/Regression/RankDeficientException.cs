namespace MicroGrad.Regression;

/// <summary>The design matrix does not have full column rank: some features are (numerically) linear combinations
/// of others, or of the intercept, so the least-squares coefficients are not unique.</summary>
/// <remarks>
/// <para>The message explains the deficiency (the rank, and each collinear column as a combination of the others);
/// what to do about it depends on the caller. A library caller can drop the columns named in
/// <see cref="CollinearColumns"/>, or set <see cref="LinearRegressionOptions.RankDeficiency"/> to
/// <see cref="RankDeficiency.MinimumNorm"/> for the minimum-norm solution.</para>
/// <para>An <see cref="InvalidOperationException"/>, as <c>Enumerable.Average</c> of an empty sequence is: the fit
/// has no defined result for this data, whichever argument (arrays, a CSV file) carried it. It is not an
/// <see cref="ArgumentException"/> (no single parameter is at fault, and a file path is a valid argument) nor an
/// <see cref="ArithmeticException"/> (those are the library's numerical failures: divergence, anomalies).</para>
/// </remarks>
public sealed class RankDeficientException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public RankDeficientException()
    {
        CollinearColumns = [];
    }

    /// <summary>Creates the exception with a message.</summary>
    public RankDeficientException(string message)
        : base(message)
    {
        CollinearColumns = [];
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public RankDeficientException(string message, Exception innerException)
        : base(message, innerException)
    {
        CollinearColumns = [];
    }

    /// <summary>Creates the exception naming the columns found to be collinear with the others.</summary>
    public RankDeficientException(string message, IReadOnlyList<string> collinearColumns)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(collinearColumns);
        CollinearColumns = collinearColumns;
    }

    /// <summary>The names of the columns that are combinations of the remaining ones (dropping them restores full
    /// rank).</summary>
    public IReadOnlyList<string> CollinearColumns { get; }
}
