using System.Globalization;
using MicroGrad.Visualization;

namespace MicroGrad.Tests.Browser;

/// <summary>Every op of the page's ops.js, run in Chromium through the page's test hook (<c>window.micrograd.ops</c>),
/// against the C# engine over IEEE 754's special values; an op code without a case here fails the tests.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GraphPageOpsTests(Chromium chromium) : IDisposable
{
    // ±∞, NaN, both zeros, a subnormal, ±710 (where exp overflows) and the small numbers where the ops' rules switch
    // (−1, where log1p is −∞; 0 and −0, where abs, sign and sqrt turn; equal pairs, the ties of max and min, ∞ against
    // ∞ among them); 1e-20, where 1 + x rounds to 1 (log1p must still give x); 40, where softplus's e^−|x| is below
    // half an ulp of 1 (ln(1 + e^−40) is then the sum's whole correction); 1e22, where sin and cos need the full
    // argument reduction (1e22 mod 2π).
    private static readonly double[] s_special =
        [double.NegativeInfinity, -2, -1, -0.5, -0.0, 0.0, 0.5, 1, 2, 3, double.PositiveInfinity, double.NaN, 1e-320, 710, -710,
         1e-20, 40, 1e22];

    // The ops whose forward and backward are only IEEE 754's correctly rounded + − × ÷ √ and comparisons, which V8 and
    // .NET both compute exactly as the standard says: the page must equal the engine to the bit on them (the others
    // call exp, log, tanh, pow, sin or cos; see Check).
    private static readonly HashSet<OpCode> s_exact =
        [OpCode.Add, OpCode.Sub, OpCode.Mul, OpCode.Div, OpCode.Neg, OpCode.Relu, OpCode.Abs, OpCode.Sqrt, OpCode.Sign, OpCode.Max, OpCode.Min];

    private readonly GraphPageFiles _pages = new(chromium, "graph-ops");

    private Task<PageSession> OpenAsync() => _pages.OpenAsync(new Value(1.0, "x") * 2.0);

    // The upstream grads the ops are run with: the seed 1, and −0.7, by which dividing and multiplying by the
    // reciprocal round differently, so that a backward written in another order than C#'s shows.
    private static readonly double[] s_upstream = [1.0, -0.7];

    /// <summary>The C# engine on one op: a (and b, the second operand or the constant exponent of <c>**c</c>) as
    /// fresh leaves, then Backward() through the op times <paramref name="g"/>, so that the op's grad is g (1 · g, exact):
    /// the output's data and each operand's grad (b's is 0 for a unary op).</summary>
    private static (double Data, double GradA, double GradB) Engine(OpCode op, double a, double b, double g)
    {
        var x = new Value(a);
        var y = new Value(b);
        var o = op switch
        {
            OpCode.Add => x + y,
            OpCode.Sub => x - y,
            OpCode.Mul => x * y,
            OpCode.Div => x / y,
            OpCode.Neg => -x,
            OpCode.PowConst => x.Pow(b),
            OpCode.Pow => x.Pow(y),
            OpCode.Exp => x.Exp(),
            OpCode.Log => x.Log(),
            OpCode.Tanh => x.Tanh(),
            OpCode.Relu => x.Relu(),
            OpCode.Sigmoid => x.Sigmoid(),
            OpCode.Abs => x.Abs(),
            OpCode.Sqrt => x.Sqrt(),
            OpCode.Sin => x.Sin(),
            OpCode.Cos => x.Cos(),
            OpCode.Log1p => x.Log1p(),
            OpCode.Softplus => x.Softplus(),
            OpCode.Sign => x.Sign(),
            OpCode.Max => Value.Max(x, y),
            OpCode.Min => Value.Min(x, y),
            _ => throw new InvalidOperationException($"OpCode.{op} has no case here: add one, and its twin to ops.js"),
        };
        (o * g).Backward();
        Assert.Equal(g, o.Grad);
        return (o.Data, x.Grad, y.Grad);
    }

    /// <summary>Every op on every special value (unary ops) or pair of them (binary ops and <c>**c</c>).</summary>
    private static List<(OpCode Op, double A, double B)> SpecialCases()
    {
        var cases = new List<(OpCode, double, double)>();
        foreach (var op in Enum.GetValues<OpCode>())
        {
            if (op == OpCode.Leaf)
                continue;
            var pairs = Value.IsBinary(op) || op == OpCode.PowConst;
            foreach (var a in s_special)
            {
                foreach (var b in pairs ? s_special : [0.0])
                    cases.Add((op, a, b));
            }
        }
        return cases;
    }

    private static string Text(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Every_op_on_special_values_equals_the_csharp_engine()
    {
        var cases = SpecialCases();
        await using var session = await OpenAsync();

        // The page's engine adds each contribution to a grad of 0 (0 + c), as Backward() does.
        var results = await session.Page.EvaluateFunctionAsync<string[][][]>(
            """
            (cases, upstream) => cases.map(([name, a, b]) => upstream.map(g => {
              const op = window.micrograd.ops[name];
              if (!op) return null;
              [a, b] = [Number(a), Number(b)];
              const out = op.forward(a, b);
              const c = op.backward(a, b, out, g);
              return [out, 0 + c[0], op.arity > 1 ? 0 + c[1] : 0].map(x => Object.is(x, -0) ? "-0" : String(x));
            }))
            """, cases.Select(c => new[] { c.Op.ToString(), Text(c.A), Text(c.B) }).ToArray(), s_upstream);

        var failures = new List<string>();
        for (var k = 0; k < cases.Count; k++)
        for (var u = 0; u < s_upstream.Length; u++)
        {
            var (op, a, b) = cases[k];
            var result = results[k][u];
            Assert.True(result is not null, $"ops.js has no row for OpCode.{op}: add it, mirroring Value.Ops.cs");
            // Oracle: the C# engine's Backward() (Value.Ops.cs, IEEE 754 arithmetic and .NET's Math).
            var expected = Engine(op, a, b, s_upstream[u]);
            var what = $"{op}({Text(a)}, {Text(b)}), upstream {Text(s_upstream[u])}";
            var exact = s_exact.Contains(op);
            Check(failures, what + " data", expected.Data, PageSession.Number(result[0]), exact: exact);
            Check(failures, what + " grad a", expected.GradA, PageSession.Number(result[1]), exact: exact);
            Check(failures, what + " grad b", expected.GradB, PageSession.Number(result[2]), exact: exact);
        }
        Assert.True(failures.Count == 0, $"{failures.Count} differences:\n" + string.Join("\n", failures.Take(40)));
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Every_op_contribution_is_upstream_times_its_local_derivative()
    {
        // The page shows "upstream × local = contribution": each op's local and backward must not drift apart.
        var random = new Random(11);
        var cases = SpecialCases();
        foreach (var op in Enum.GetValues<OpCode>().Where(op => op != OpCode.Leaf))
        {
            for (var k = 0; k < 200; k++)
                cases.Add((op, 4 * random.NextDouble() - 2, 4 * random.NextDouble() - 2));
        }
        // Finite upstream grads of either sign, 0.1 to 10 in size.
        var upstream = cases.Select(_ => (random.Next(2) == 0 ? -1 : 1) * Math.Pow(10, 2 * random.NextDouble() - 1)).ToArray();
        await using var session = await OpenAsync();

        var results = await session.Page.EvaluateFunctionAsync<string[][]>(
            """
            (cases, upstream) => cases.map(([name, a, b], k) => {
              const op = window.micrograd.ops[name];
              if (!op) return null;
              [a, b] = [Number(a), Number(b)];
              const out = op.forward(a, b);
              return [...op.local(a, b, out), ...op.backward(a, b, out, upstream[k])].map(String);
            })
            """, cases.Select(c => new[] { c.Op.ToString(), Text(c.A), Text(c.B) }).ToArray(), upstream);

        var failures = new List<string>();
        for (var k = 0; k < cases.Count; k++)
        {
            var (op, a, b) = cases[k];
            Assert.True(results[k] is not null, $"ops.js has no row for OpCode.{op}: add it, mirroring Value.Ops.cs");
            var arity = results[k].Length / 2;
            Assert.Equal(Value.Arity(op), arity);
            for (var slot = 0; slot < arity; slot++)
            {
                // Oracle: the chain rule, contribution = upstream grad × local derivative (here in C#'s arithmetic).
                var product = upstream[k] * PageSession.Number(results[k][slot]);
                Check(failures, $"{op}({Text(a)}, {Text(b)}) slot {slot}, upstream {Text(upstream[k])}", product,
                    PageSession.Number(results[k][arity + slot]), signOfZero: false);
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} differences:\n" + string.Join("\n", failures.Take(40)));
        Assert.Empty(session.Errors);
    }

    /// <summary>Equal as numbers: NaN to NaN, an infinity or a zero (with its sign) exactly, other finite values to
    /// 1e-12 relative. V8's exp, log, tanh, pow, sin and cos are fdlibm's (within 1 ulp of the true value) and .NET's
    /// are the C library's (glibc's, within 1 ulp too), so the two may differ in the last bit or two: a few parts in
    /// 10¹⁶ of the result, for sin and cos too (both reduce the argument modulo 2π exactly, 1e22 included, so their
    /// error stays relative to the result even near a zero of sin or cos). log1p and softplus go through log and exp;
    /// the ops of <see cref="s_exact"/> are IEEE 754 arithmetic alone, so with <paramref name="exact"/> a finite value
    /// must be equal to the bit.</summary>
    private static void Check(List<string> failures, string what, double expected, double actual, bool signOfZero = true, bool exact = false)
    {
        var same = double.IsNaN(expected) ? double.IsNaN(actual)
            : double.IsInfinity(expected) || expected == 0
                ? expected.Equals(actual) && (!signOfZero || double.IsNegative(expected) == double.IsNegative(actual))
            : exact ? expected.Equals(actual)
            : Math.Abs(expected - actual) <= 1e-12 * Math.Abs(expected);
        if (!same)
            failures.Add($"{what}: C# {Text(expected)}, the page {Text(actual)}");
    }

    public void Dispose() => _pages.Dispose();
}
