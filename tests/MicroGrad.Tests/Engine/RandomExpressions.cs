namespace MicroGrad.Tests.Engine;

/// <summary>Seeded random expression graphs over every op, kept inside each op's smooth domain so that central
/// differences are a valid oracle (log, division and real powers see x² + 0.5; exp sees tanh(x)).</summary>
internal static class RandomExpressions
{
    public const int InputCount = 3;

    public static Func<IReadOnlyList<Value>, Value> Create(ulong seed, int opCount = 12)
    {
        // Draw the shape once, so that every call of the function builds the same expression.
        var rng = new Rng(seed);
        var plan = new (int Op, int A, int B, double C)[opCount];
        for (var i = 0; i < opCount; i++)
        {
            var available = InputCount + i;
            plan[i] = (rng.NextInt(14), rng.NextInt(available), rng.NextInt(available), rng.Uniform(-2, 2));
        }

        return x =>
        {
            var nodes = new List<Value>(x);
            foreach (var (op, ia, ib, c) in plan)
            {
                var a = nodes[ia];
                var b = nodes[ib];
                var positive = a * a + 0.5;
                nodes.Add(op switch
                {
                    0 => a + b,
                    1 => a - b,
                    2 => a * b,
                    3 => a / (b * b + 0.5),
                    4 => -a,
                    5 => a.Pow(2),
                    6 => positive.Pow(c),
                    7 => positive.Pow(b.Tanh()),
                    8 => a.Tanh().Exp(),
                    9 => positive.Log(),
                    10 => a.Tanh(),
                    11 => (a + c).Relu(),
                    12 => a.Sigmoid(),
                    _ => c - a * c,
                });
            }
            // Sum of the last three nodes, so most of the graph reaches the output.
            return nodes[^1] + nodes[^2] + nodes[^3];
        };
    }

    public static double[] Inputs(ulong seed)
    {
        var rng = new Rng(seed ^ 0x9E3779B97F4A7C15UL);
        var inputs = new double[InputCount];
        for (var i = 0; i < inputs.Length; i++)
            inputs[i] = rng.Uniform(-1.5, 1.5);
        return inputs;
    }
}
