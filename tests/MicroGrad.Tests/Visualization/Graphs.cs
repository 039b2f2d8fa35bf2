namespace MicroGrad.Tests.Visualization;

/// <summary>Graphs drawn by the picture tests: the lecture's neuron, a chain, seeded random graphs and one with every
/// op.</summary>
internal static class Graphs
{
    /// <summary>The lecture's neuron o = tanh(x1·w1 + x2·w2 + b), labelled as in the lecture, after Backward().</summary>
    public static (Value O, Value[] Inputs, Value[] Parameters) Neuron()
    {
        var x1 = new Value(2.0, "x1");
        var x2 = new Value(0.0, "x2");
        var w1 = new Value(-3.0, "w1");
        var w2 = new Value(1.0, "w2");
        var b = new Value(6.8813735870195432, "b");
        var x1w1 = x1 * w1;
        x1w1.Label = "x1*w1";
        var x2w2 = x2 * w2;
        x2w2.Label = "x2*w2";
        var sum = x1w1 + x2w2;
        sum.Label = "x1*w1 + x2*w2";
        var n = sum + b;
        n.Label = "n";
        var o = n.Tanh();
        o.Label = "o";
        o.Backward();
        return (o, [x1, x2], [w1, w2, b]);
    }

    /// <summary>x, then <paramref name="depth"/> alternating ops (tanh, + constant, * constant): a deep chain.</summary>
    public static Value Chain(int depth)
    {
        Value v = new(0.5, "x");
        for (var i = 0; i < depth; i++)
        {
            v = (i % 3) switch
            {
                0 => v.Tanh(),
                1 => v + 0.25,
                _ => v * 1.5,
            };
        }
        return v;
    }

    /// <summary>A seeded random graph of about <paramref name="size"/> values: a few labelled leaves and constants,
    /// then unary and binary ops on earlier values (mostly recent ones, sometimes far back, which makes long edges),
    /// and finally a sum of every value nobody used, so that the whole graph reaches the root.</summary>
    public static Value Random(ulong seed, int size)
    {
        var rng = new Rng(seed);
        var nodes = new List<Value>();
        var used = new List<bool>();
        var leaves = Math.Max(2, size / 8);
        for (var i = 0; i < leaves; i++)
        {
            nodes.Add(rng.Random() < 0.3 ? new Value(rng.Uniform(-1, 1)) : new Value(rng.Uniform(-1, 1), "in" + i));
            used.Add(false);
        }
        while (nodes.Count < size * 3 / 4)
        {
            var a = Pick(rng, nodes.Count);
            var b = Pick(rng, nodes.Count);
            used[a] = used[b] = true;
            Value next = rng.NextInt(8) switch
            {
                0 => nodes[a] + nodes[b],
                1 => nodes[a] * nodes[b],
                2 => nodes[a] - nodes[b],
                3 => nodes[a].Tanh(),
                4 => nodes[a].Pow(2),
                5 => nodes[a] * rng.Uniform(-2, 2),
                6 => nodes[a].Relu(),
                _ => nodes[a].Sigmoid(),
            };
            if (rng.Random() < 0.2)
                next.Label = "t" + nodes.Count;
            nodes.Add(next);
            used.Add(false);
        }
        Value? root = null;
        for (var i = 0; i < nodes.Count; i++)
        {
            if (!used[i])
                root = root is null ? nodes[i] : root + nodes[i];
        }
        return root!;
    }

    /// <summary>A graph using every op code, each with non-trivial gradients (and a ** whose base and exponent are
    /// the same node, and a tie of max); a new op fails here until it has a row (and its JavaScript twin in ops.js).
    /// Not yet back-propagated.</summary>
    public static Value EveryOp()
    {
        var x = new Value(0.7, "x");
        var y = new Value(1.3, "y");
        var z = new Value(-0.4, "z");
        var terms = new List<Value>();
        foreach (var op in Enum.GetValues<OpCode>())
        {
            terms.Add(op switch
            {
                OpCode.Leaf => x,
                OpCode.Add => x + y,
                OpCode.Sub => x - z,
                OpCode.Mul => x * y,
                OpCode.Div => x / y,
                OpCode.Neg => -z,
                OpCode.PowConst => y.Pow(3),
                OpCode.Pow => x.Pow(x),
                OpCode.Exp => z.Exp(),
                OpCode.Log => y.Log(),
                OpCode.Tanh => (x * z).Tanh(),
                OpCode.Relu => z.Relu() + x.Relu(),
                OpCode.Sigmoid => z.Sigmoid(),
                OpCode.Abs => z.Abs(),
                OpCode.Sqrt => y.Sqrt(),
                OpCode.Sin => (x * y).Sin(),
                OpCode.Cos => z.Cos(),
                OpCode.Log1p => z.Log1p(),
                OpCode.Softplus => (x - y).Softplus(),
                // sign sends nothing back, but its value (−1) weighs the neighbouring terms.
                OpCode.Sign => z.Sign(),
                // A tie too: max(y, y) sends half of its gradient into y twice.
                OpCode.Max => Value.Max(x, z) + Value.Max(y, y),
                OpCode.Min => Value.Min(y, z),
                _ => throw new InvalidOperationException($"OpCode.{op} has no case here: add one, and its twin to ops.js"),
            });
        }
        // Weigh each term by the next one so every op's backward gets an upstream gradient other than 1.
        Value root = terms[0];
        for (var k = 1; k < terms.Count; k++)
            root = root * 0.5 + terms[k] * terms[k - 1];
        return root.Tanh();
    }

    private static int Pick(Rng rng, int count) =>
        rng.Random() < 0.8 ? count - 1 - rng.NextInt(Math.Min(count, 6)) : rng.NextInt(count);
}
