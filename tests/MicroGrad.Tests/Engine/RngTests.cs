namespace MicroGrad.Tests.Engine;

public class RngTests
{
    [Fact]
    public void Seed_42_yields_the_eurekalabs_sequence()
    {
        // Oracle: EurekaLabs micrograd's RNG (C and Python), quoted in the issue.
        var rng = new Rng(42);
        Assert.Equal(1456360119u, rng.NextUInt32());
        Assert.Equal(3359763283u, rng.NextUInt32());
        Assert.Equal(3393612768u, rng.NextUInt32());
    }

    [Fact]
    public void Random_and_uniform_use_the_top_24_bits()
    {
        // By definition: random() = (u32 >> 8) / 2^24; uniform(a, b) = a + (b - a) random().
        var a = new Rng(42);
        var b = new Rng(42);
        Assert.Equal((1456360119u >> 8) / 16777216.0, a.Random());
        Assert.Equal(-1.0 + 2.0 * ((3359763283u >> 8) / 16777216.0), a.Uniform(-1, 1));
        b.NextUInt32();
        b.NextUInt32();
        Assert.Equal(b.Random(), a.Random());
    }

    [Fact]
    public void Seed_zero_is_rejected_with_a_reason()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Rng(0));
        Assert.Contains("fixed point", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shuffle_is_a_seeded_permutation()
    {
        var p1 = new Rng(7).Permutation(100);
        var p2 = new Rng(7).Permutation(100);
        Assert.Equal(p1, p2);
        var sorted = (int[])p1.Clone();
        Array.Sort(sorted);
        Assert.Equal(Enumerable.Range(0, 100), sorted);
        Assert.NotEqual(Enumerable.Range(0, 100), p1);
    }

    [Fact]
    public void Normal_draws_have_the_requested_moments()
    {
        // Law of large numbers: 200,000 draws; standard error of the mean 0.0045, of the std about 0.003.
        var rng = new Rng(1234);
        const int n = 200_000;
        double sum = 0, sumSq = 0;
        for (var i = 0; i < n; i++)
        {
            var z = rng.Normal(1.0, 2.0);
            sum += z;
            sumSq += z * z;
        }
        var mean = sum / n;
        var std = Math.Sqrt(sumSq / n - mean * mean);
        Assert.InRange(mean, 1.0 - 0.025, 1.0 + 0.025);
        Assert.InRange(std, 2.0 - 0.02, 2.0 + 0.02);
    }

    [Fact]
    public void NextInt_stays_in_range()
    {
        var rng = new Rng(3);
        var seen = new bool[5];
        for (var i = 0; i < 1000; i++)
            seen[rng.NextInt(5)] = true;
        Assert.All(seen, Assert.True);
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(0));
    }
}
