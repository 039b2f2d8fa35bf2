namespace MicroGrad.Tests.Engine;

/// <summary>
/// Seeded random expression graphs over every op of <c>OpCode</c> (micrograd's and the ones it lacks: abs, sqrt, sin,
/// cos, log1p, softplus, sign, max, min), each kept inside its smooth domain so that central differences and calculus
/// are valid oracles at every order: log, division, sqrt and real powers see x² + 0.5; exp sees tanh(x); log1p sees
/// tanh(x)/2 ∈ (−½, ½); the kinks of ReLU, abs, sign, max and min see tanh(x) ± 1.5, at least ½ away from them (the
/// sign of the offset is drawn, so both sides of each kink are used). A separate generator from
/// <see cref="RandomExpressions"/>, whose draws other tests depend on.
/// </summary>
internal static class AllOpsExpressions
{
    public const int InputCount = 3;

    // One more than the largest case below.
    private const int Cases = 22;

    public static Func<IReadOnlyList<Value>, Value> Create(ulong seed, int opCount = 14)
    {
        // Draw the shape once, so that every call of the function builds the same expression.
        var rng = new Rng(seed ^ 0xA11_0B5UL);
        var plan = new (int Op, int A, int B, double C, double K)[opCount];
        for (var i = 0; i < opCount; i++)
        {
            var available = InputCount + i;
            plan[i] = (rng.NextInt(Cases), rng.NextInt(available), rng.NextInt(available), rng.Uniform(-2, 2),
                rng.NextInt(2) == 0 ? 1.5 : -1.5);
        }

        return x =>
        {
            var nodes = new List<Value>(x);
            foreach (var (op, ia, ib, c, k) in plan)
            {
                var a = nodes[ia];
                var b = nodes[ib];
                nodes.Add(op switch
                {
                    0 => a + b,
                    1 => a - b,
                    2 => a * b,
                    3 => a / (b * b + 0.5),
                    4 => -a,
                    5 => (a * a + 0.5).Pow(c),
                    6 => (a * a + 0.5).Pow(b.Tanh()),
                    7 => a.Tanh().Exp(),
                    8 => (a * a + 0.5).Log(),
                    9 => a.Tanh(),
                    10 => (a.Tanh() + k).Relu(),
                    11 => a.Sigmoid(),
                    12 => (a.Tanh() + k).Abs(),
                    13 => (a * a + 0.5).Sqrt(),
                    14 => a.Sin(),
                    15 => a.Cos(),
                    16 => (a.Tanh() * 0.5).Log1p(),
                    17 => a.Softplus(),
                    18 => (a.Tanh() + k).Sign() * b,
                    19 => Value.Max(a.Tanh() + k, b.Tanh() - k),
                    20 => Value.Min(a.Tanh() + k, b.Tanh() - k),
                    _ => a.Pow(3.0) * c,
                });
            }
            // Sum of the last three nodes, so most of the graph reaches the output.
            return nodes[^1] + nodes[^2] + nodes[^3];
        };
    }

    public static double[] Inputs(ulong seed)
    {
        var rng = new Rng(seed ^ 0x5EED_A110UL);
        var inputs = new double[InputCount];
        for (var i = 0; i < inputs.Length; i++)
            inputs[i] = rng.Uniform(-1.5, 1.5);
        return inputs;
    }

    /// <summary>Fresh leaves labelled x0, x1, … holding <see cref="Inputs"/> of <paramref name="seed"/>.</summary>
    public static Value[] Leaves(ulong seed)
    {
        var data = Inputs(seed);
        var leaves = new Value[data.Length];
        for (var i = 0; i < leaves.Length; i++)
            leaves[i] = new Value(data[i], "x" + i);
        return leaves;
    }
}
