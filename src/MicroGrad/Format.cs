using System.Globalization;

namespace MicroGrad;

/// <summary>
/// Number formatting shared by every text output (always the invariant culture). One family: the members for people
/// (<see cref="Python"/>, <see cref="Short"/>) write NaN and ±∞ as Python does (<c>nan</c>, <c>inf</c>, <c>-inf</c>),
/// then a finite number in its own style, so that a table, a picture and an error message spell an undefined number
/// the same way; <see cref="Invariant"/> writes the round-trip text .NET parses back, for machine-read output.
/// </summary>
public static partial class Format
{
    /// <summary>The shortest round-trip text of <paramref name="x"/>, written as Python's <c>repr(float)</c> does
    /// (<c>2.0</c>, <c>-0.5</c>, <c>1e-05</c>, <c>nan</c>, <c>inf</c>). One known difference, kept so that existing
    /// output does not change: between 1e16 and 1e17 Python already writes an exponent (<c>1e+16</c>) while this
    /// writes all the digits (<c>10000000000000000.0</c>), as .NET's round-trip text does.</summary>
    public static string Python(double x)
    {
        if (NonFinite(x) is { } text)
            return text;
        var s = x.ToString("R", CultureInfo.InvariantCulture);
        if (s.Contains('E', StringComparison.Ordinal))
            return LowerExponent(s); // .NET writes 1E-05 and 1E+17; Python writes 1e-05 and 1e+17.
        return s.Contains('.', StringComparison.Ordinal) ? s : s + ".0";
    }

    /// <summary>Six significant digits, as Python's <c>%g</c> writes them (<c>0.164092</c>, <c>1.75877e+54</c>, <c>inf</c>),
    /// for tables meant to be read rather than parsed.</summary>
    public static string Short(double x) =>
        NonFinite(x) ?? LowerExponent(x.ToString("G6", CultureInfo.InvariantCulture));

    /// <summary>A fixed number of decimals, as Python's <c>"%.4f" % x</c> writes them (<c>0.5000</c>, <c>-inf</c>):
    /// micrograd's pictures (4) and statsmodels' t, p and Durbin–Watson columns (3).</summary>
    internal static string Fixed(double x, int decimals) =>
        NonFinite(x) ?? x.ToString(decimals switch { 3 => "F3", 4 => "F4", _ => "F" + decimals.ToString(CultureInfo.InvariantCulture) },
            CultureInfo.InvariantCulture);

    /// <summary>Four significant digits, scientific (<c>1.235e+06</c>) outside [1e-4, 1e6): statsmodels' summary
    /// tables (<c>%#10.4g</c> in spirit).</summary>
    internal static string Summary(double x)
    {
        if (NonFinite(x) is { } text)
            return text;
        var a = Math.Abs(x);
        var g = x.ToString("G4", CultureInfo.InvariantCulture);
        if (x != 0 && (a < 1e-4 || a >= 1e6 || g.Contains('E', StringComparison.Ordinal)))
            return x.ToString("0.000e+00", CultureInfo.InvariantCulture);
        return g;
    }

    /// <summary>Round-trip invariant text of <paramref name="x"/> (.NET's spelling: <c>NaN</c>, <c>Infinity</c>,
    /// <c>1E-05</c>), for machine-read output such as CSV cells.</summary>
    public static string Invariant(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    /// <summary><c>nan</c>, <c>inf</c> or <c>-inf</c>; null for a finite <paramref name="x"/>.</summary>
    private static string? NonFinite(double x) =>
        double.IsNaN(x) ? "nan" : double.IsInfinity(x) ? (x > 0 ? "inf" : "-inf") : null;

    private static string LowerExponent(string s) =>
        s.Replace("E+", "e+", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal);
}
