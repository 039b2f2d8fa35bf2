namespace MicroGrad;

/// <summary>
/// The portable seeded generator of EurekaLabs' micrograd (xorshift* on 64 bits), bit for bit, so that a C# run
/// and a Python or C run from the same seed draw the same numbers.
/// </summary>
/// <remarks>
/// Step: <c>s ^= s &gt;&gt; 12; s ^= s &lt;&lt; 25; s ^= s &gt;&gt; 27</c>, then <c>NextUInt32() = (uint)((s · 0x2545F4914F6CDD1D) &gt;&gt; 32)</c>.
/// <c>new Rng(42)</c> yields 1456360119, 3359763283, 3393612768 first. Not thread-safe; not cryptographic.
/// </remarks>
public sealed class Rng
{
    private ulong _state;
    private double? _spareNormal;

    /// <summary>Creates a generator from a non-zero seed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The seed is 0, a fixed point of xorshift (every draw would be 0).</exception>
    public Rng(ulong seed)
    {
        if (seed == 0)
            MicroGradThrow.ArgumentOutOfRange_ZeroSeed(nameof(seed));
        _state = seed;
    }

    /// <summary>The next 32 random bits.</summary>
    public uint NextUInt32()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return (uint)((_state * 0x2545F4914F6CDD1DUL) >> 32);
    }

    /// <summary>A uniform draw in [0, 1) with 24 random bits: <c>(NextUInt32() &gt;&gt; 8) / 2²⁴</c> (EurekaLabs' <c>random()</c>).</summary>
    public double Random() => (NextUInt32() >> 8) / 16777216.0;

    /// <summary><c>a + (b − a)·Random()</c> (EurekaLabs' <c>uniform(a, b)</c>).</summary>
    public double Uniform(double a = 0.0, double b = 1.0) => a + (b - a) * Random();

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), unbiased (rejection sampling on 32 bits).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is not positive.</exception>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0)
            MicroGradThrow.ArgumentOutOfRange(nameof(maxExclusive), maxExclusive, "a positive bound");
        var bound = (uint)maxExclusive;
        // Largest multiple of bound that fits in 2^32; draws above it would favour small results.
        var limit = uint.MaxValue - (uint.MaxValue % bound + 1) % bound;
        uint r;
        do
        {
            r = NextUInt32();
        }
        while (r > limit);
        return (int)(r % bound);
    }

    /// <summary>A normal draw with mean <paramref name="mean"/> and standard deviation <paramref name="std"/>
    /// (Box–Muller on two <see cref="Random"/> draws; the second normal of each pair is kept for the next call).</summary>
    public double Normal(double mean = 0.0, double std = 1.0)
    {
        if (_spareNormal is { } spare)
        {
            _spareNormal = null;
            return mean + std * spare;
        }
        // 1 − u lies in (0, 1], so the logarithm is finite.
        var u1 = 1.0 - Random();
        var u2 = Random();
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = radius * Math.Sin(2.0 * Math.PI * u2);
        return mean + std * radius * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher–Yates, from the last element down).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A random permutation of 0 … <paramref name="count"/> − 1.</summary>
    public int[] Permutation(int count)
    {
        var p = new int[count];
        for (var i = 0; i < count; i++)
            p[i] = i;
        Shuffle<int>(p);
        return p;
    }
}
