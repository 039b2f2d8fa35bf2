namespace MicroGrad.Regression;

/// <summary>Validation shared by every entry point of the regression code: shapes first, then finiteness, so that bad
/// input is a clear <see cref="ArgumentException"/> and never an <see cref="IndexOutOfRangeException"/>.</summary>
internal static class RegressionInput
{
    /// <summary>Checks that <paramref name="x"/> is a non-empty rectangular matrix with at least one column and
    /// returns its width.</summary>
    public static int Matrix(double[][] x, string paramName, bool requireFinite)
    {
        ArgumentNullException.ThrowIfNull(x, paramName);
        if (x.Length == 0)
            MicroGradThrow.Argument_Empty(paramName, "row (observation)");
        if (x[0] is null)
            MicroGradThrow.Argument_NullRow(paramName, 0);
        var k = x[0].Length;
        if (k == 0)
            MicroGradThrow.Argument_Empty(paramName, "column (feature)");
        for (var i = 0; i < x.Length; i++)
        {
            var row = x[i];
            if (row is null)
                MicroGradThrow.Argument_NullRow(paramName, i);
            if (row.Length != k)
                MicroGradThrow.Argument_Ragged(paramName, i, row.Length, k);
            if (requireFinite)
            {
                for (var j = 0; j < k; j++)
                {
                    if (!double.IsFinite(row[j]))
                        MicroGradThrow.Argument_NotFinite(paramName, i, j, row[j]);
                }
            }
        }
        return k;
    }

    /// <summary>Checks that <paramref name="v"/> has <paramref name="length"/> elements (and, if asked, that they are
    /// finite).</summary>
    public static void Vector(double[] v, string paramName, int length, string lengthMeaning, bool requireFinite)
    {
        ArgumentNullException.ThrowIfNull(v, paramName);
        if (v.Length != length)
            MicroGradThrow.Argument_LengthMismatch(paramName, v.Length, length, lengthMeaning);
        if (requireFinite)
            Finite(v, paramName);
    }

    /// <summary>Checks that every element of <paramref name="v"/> is finite.</summary>
    public static void Finite(ReadOnlySpan<double> v, string paramName)
    {
        for (var i = 0; i < v.Length; i++)
        {
            if (!double.IsFinite(v[i]))
                MicroGradThrow.Argument_NotFinite(paramName, i, v[i]);
        }
    }
}
