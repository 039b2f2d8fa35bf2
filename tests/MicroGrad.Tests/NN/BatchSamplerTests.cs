using MicroGrad.NN;

namespace MicroGrad.Tests.NN;

/// <summary>The trainer's mini-batch draw: a partial Fisher–Yates shuffle of a permutation kept across steps.</summary>
public class BatchSamplerTests
{
    [Fact]
    public void A_batch_holds_distinct_rows_in_range()
    {
        var sampler = new BatchSampler(100, new Rng(5));
        for (var step = 0; step < 50; step++)
        {
            var batch = sampler.Next(30).ToArray();
            Assert.Equal(30, batch.Length);
            Assert.All(batch, r => Assert.InRange(r, 0, 99));
            Assert.Equal(batch.Length, batch.Distinct().Count());
        }
    }

    [Fact]
    public void The_same_seed_draws_the_same_batches_and_another_seed_others()
    {
        static int[][] Draw(ulong seed)
        {
            var sampler = new BatchSampler(1000, new Rng(seed));
            return [.. Enumerable.Range(0, 5).Select(_ => sampler.Next(16).ToArray())];
        }
        Assert.Equal(Draw(9), Draw(9));
        Assert.NotEqual(Draw(9), Draw(10));
    }

    [Fact]
    public void The_first_draw_is_the_partial_shuffle_of_the_rows_in_order()
    {
        // Oracle: the rule written out by hand, for i in 0 … B−1 swap positions i and i + NextInt(n − i), from the
        // identity permutation and the same generator.
        var expected = Enumerable.Range(0, 20).ToArray();
        var rng = new Rng(3);
        for (var i = 0; i < 7; i++)
        {
            var j = i + rng.NextInt(20 - i);
            (expected[i], expected[j]) = (expected[j], expected[i]);
        }
        Assert.Equal(expected[..7], new BatchSampler(20, new Rng(3)).Next(7).ToArray());
    }

    [Fact]
    public void Every_row_is_drawn_and_about_equally_often()
    {
        // 2,000 batches of 5 of 20 rows: each row is drawn 500 times on average (binomial, sd ≈ 19), so every row
        // appears and each count lies within 500 ± 100 (over 5 sd: a failure means a biased draw, not bad luck).
        var counts = new int[20];
        var sampler = new BatchSampler(20, new Rng(1337));
        for (var step = 0; step < 2000; step++)
        {
            foreach (var r in sampler.Next(5))
                counts[r]++;
        }
        Assert.All(counts, c => Assert.InRange(c, 400, 600));
    }

    [Fact]
    public void Trainer_draws_its_batches_with_the_sampler()
    {
        // Oracle: the same steps taken by hand, each on the rows the sampler draws from the trainer's seed; the
        // trainer must give the very same losses and parameters.
        var (x, y) = DemoData.Moons();
        var viaTrainer = new Mlp(2, [4, 1], rng: new Rng(2));
        var history = Trainer.Fit(new Objective(viaTrainer, x, y, LossKind.Hinge), new Sgd(viaTrainer.Parameters(), 0.05),
            new TrainingOptions { Steps = 5, BatchSize = 10, Rng = new Rng(11) });

        var byHand = new Mlp(2, [4, 1], rng: new Rng(2));
        var objective = new Objective(byHand, x, y, LossKind.Hinge);
        var sgd = new Sgd(byHand.Parameters(), 0.05);
        var sampler = new BatchSampler(objective.Count, new Rng(11));
        for (var k = 0; k < 5; k++)
        {
            Assert.Equal(history[k].Loss, objective.ComputeGradients(sampler.Next(10)).Loss);
            sgd.Step();
        }
        Assert.Equal(byHand.GetParameterValues(), viaTrainer.GetParameterValues());
    }
}
