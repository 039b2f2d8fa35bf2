namespace MicroGrad.Regression;

/// <summary>The design matrix does not have full column rank: some features are (numerically) linear combinations
/// of others, or of the intercept, so the least-squares coefficients are not unique.</summary>
public sealed class RankDeficientException : ArgumentException
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
        : base(message, "x")
    {
        CollinearColumns = collinearColumns;
    }

    /// <summary>The names of the columns that are combinations of the remaining ones (dropping them restores full
    /// rank).</summary>
    public IReadOnlyList<string> CollinearColumns { get; }
}
