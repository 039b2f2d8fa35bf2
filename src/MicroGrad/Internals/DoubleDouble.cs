using System.Runtime.CompilerServices;

namespace MicroGrad;

/// <summary>
/// A double-double number hi + lo (|lo| ≤ ½ulp(hi)): about 32 significant digits with double's exponent range, built
/// on the error-free transformations <see cref="TwoSum"/> (Knuth) and <see cref="TwoProd"/> (one fused multiply-add).
/// Ogita, Rump &amp; Oishi, "Accurate sum and dot product", SIAM J. Sci. Comput. 26(6) (2005): a dot product
/// accumulated this way (<see cref="AddProduct"/>, their Dot2) is as accurate as if computed in twice the working
/// precision. The arithmetic of + − × ÷ √ follows Hida, Li &amp; Bailey's QD library ("sloppy" add, relative error a
/// few 2⁻¹⁰⁴).
/// </summary>
internal readonly record struct DoubleDouble(double Hi, double Lo)
{
    public static readonly DoubleDouble Zero = new(0, 0);

    /// <summary>s + e = a + b exactly, s = fl(a + b) (Knuth's TwoSum, no branch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double TwoSum(double a, double b, out double e)
    {
        var s = a + b;
        var bb = s - a;
        e = (a - (s - bb)) + (b - bb);
        return s;
    }

    /// <summary>p + e = a·b exactly, p = fl(a·b) (the error is one fused multiply-add away).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double TwoProd(double a, double b, out double e)
    {
        var p = a * b;
        e = Math.FusedMultiplyAdd(a, b, -p);
        return p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DoubleDouble Normalized(double hi, double lo)
    {
        var s = hi + lo;
        return new DoubleDouble(s, lo - (s - hi));
    }

    public static implicit operator DoubleDouble(double value) => new(value, 0);

    /// <summary>The nearest double.</summary>
    public double ToDouble() => Hi + Lo;

    public static DoubleDouble operator +(DoubleDouble a, DoubleDouble b)
    {
        var s = TwoSum(a.Hi, b.Hi, out var e);
        return Normalized(s, e + a.Lo + b.Lo);
    }

    public static DoubleDouble operator -(DoubleDouble a) => new(-a.Hi, -a.Lo);

    public static DoubleDouble operator -(DoubleDouble a, DoubleDouble b) => a + -b;

    public static DoubleDouble operator *(DoubleDouble a, DoubleDouble b)
    {
        var p = TwoProd(a.Hi, b.Hi, out var e);
        return Normalized(p, e + (a.Hi * b.Lo + a.Lo * b.Hi));
    }

    public static DoubleDouble operator /(DoubleDouble a, DoubleDouble b)
    {
        // One Newton step on q = a.Hi/b.Hi: q₁ = q + (a − q·b)/b.
        var q = a.Hi / b.Hi;
        var r = a - b * q;
        var q1 = r.Hi / b.Hi;
        r -= b * q1;
        var q2 = r.Hi / b.Hi;
        return Normalized(q, q1) + q2;
    }

    public static bool operator <(DoubleDouble a, DoubleDouble b) => a.Hi < b.Hi || (a.Hi == b.Hi && a.Lo < b.Lo);

    public static bool operator >(DoubleDouble a, DoubleDouble b) => b < a;

    public static bool operator <=(DoubleDouble a, DoubleDouble b) => !(b < a);

    public static bool operator >=(DoubleDouble a, DoubleDouble b) => !(a < b);

    /// <summary>√a for a ≥ 0 (Karp's trick: one Newton step from the double square root).</summary>
    public static DoubleDouble Sqrt(DoubleDouble a)
    {
        if (!(a.Hi > 0))
            return new DoubleDouble(Math.Sqrt(a.Hi), 0);
        var x = Math.Sqrt(a.Hi);
        var square = TwoProd(x, x, out var e);
        var correction = (a - new DoubleDouble(square, e)).Hi / (2 * x);
        return Normalized(x, correction);
    }

    /// <summary>Adds a·b to the running sum (hi, lo) exactly up to the final rounding of lo: Ogita–Rump–Oishi's Dot2
    /// step, TwoProd then TwoSum, the two errors gathered in lo.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddProduct(ref double hi, ref double lo, double a, double b)
    {
        var p = TwoProd(a, b, out var e);
        hi = TwoSum(hi, p, out var s);
        lo += s + e;
    }

    /// <summary>Adds a to the running sum (hi, lo) (Ogita–Rump–Oishi's Sum2 step).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(ref double hi, ref double lo, double a)
    {
        hi = TwoSum(hi, a, out var s);
        lo += s;
    }

    public override string ToString() => FormattableString.Invariant($"{Hi:R} + {Lo:R}");
}
