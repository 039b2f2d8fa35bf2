using System.Globalization;

namespace MicroGrad;

/// <summary>Number formatting shared by every text output (always the invariant culture).</summary>
public static class Format
{
    /// <summary>The shortest round-trip text of <paramref name="x"/>, written as Python's <c>repr(float)</c> does
    /// (<c>2.0</c>, <c>-0.5</c>, <c>1e-05</c>, <c>nan</c>, <c>inf</c>).</summary>
    public static string Python(double x)
    {
        if (double.IsNaN(x))
            return "nan";
        if (double.IsInfinity(x))
            return x > 0 ? "inf" : "-inf";
        var s = x.ToString("R", CultureInfo.InvariantCulture);
        var e = s.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            // .NET writes 1E-05 and 1E+16; Python writes 1e-05 and 1e+16.
            return string.Concat(s.AsSpan(0, e), "e", s.AsSpan(e + 1));
        }
        return s.Contains('.', StringComparison.Ordinal) ? s : s + ".0";
    }

    /// <summary>Six significant digits, as Python's <c>%g</c> writes them (<c>0.164092</c>, <c>1.75877e+54</c>, <c>inf</c>),
    /// for tables meant to be read rather than parsed.</summary>
    public static string Short(double x)
    {
        if (double.IsNaN(x))
            return "nan";
        if (double.IsInfinity(x))
            return x > 0 ? "inf" : "-inf";
        return x.ToString("G6", CultureInfo.InvariantCulture).Replace("E+", "e+", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal);
    }

    /// <summary>Round-trip invariant text of <paramref name="x"/>.</summary>
    public static string Invariant(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
