using System.Globalization;
using MicroGrad.Visualization;

namespace MicroGrad.Tests.Browser;

/// <summary>Every op of the page's ops.js, run in Chromium through the page's test hook (<c>window.micrograd.ops</c>),
/// against the C# engine over IEEE 754's special values; an op code without a case here fails the tests.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GraphPageOpsTests(Chromium chromium) : IDisposable
{
    // ±∞, NaN, both zeros, a subnormal, ±710 (where exp overflows) and the small numbers where the ops' rules switch.
    private static readonly double[] s_special =
        [double.NegativeInfinity, -2, -1, -0.5, -0.0, 0.0, 0.5, 1, 2, 3, double.PositiveInfinity, double.NaN, 1e-320, 710, -710];

    private readonly GraphPageFiles _pages = new(chromium, "graph-ops");

    private Task<PageSession> OpenAsync() => _pages.OpenAsync(new Value(1.0, "x") * 2.0);

    /// <summary>The C# engine on one op: a (and b, the second operand or the constant exponent of <c>**c</c>) as
    /// fresh leaves, then Backward(): the output's data and each operand's grad (b's is 0 for a unary op).</summary>
    private static (double Data, double GradA, double GradB) Engine(OpCode op, double a, double b)
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
            _ => throw new InvalidOperationException($"OpCode.{op} has no case here: add one, and its twin to ops.js"),
        };
        o.Backward();
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
        var results = await session.Page.EvaluateFunctionAsync<string[][]>(
            """
            cases => cases.map(([name, a, b]) => {
              const op = window.micrograd.ops[name];
              if (!op) return null;
              [a, b] = [Number(a), Number(b)];
              const out = op.forward(a, b);
              const c = op.backward(a, b, out, 1);
              return [out, 0 + c[0], op.arity > 1 ? 0 + c[1] : 0].map(x => Object.is(x, -0) ? "-0" : String(x));
            })
            """, (object)cases.Select(c => new[] { c.Op.ToString(), Text(c.A), Text(c.B) }).ToArray());

        var failures = new List<string>();
        for (var k = 0; k < cases.Count; k++)
        {
            var (op, a, b) = cases[k];
            Assert.True(results[k] is not null, $"ops.js has no row for OpCode.{op}: add it, mirroring Value.Ops.cs");
            // Oracle: the C# engine's Backward() (Value.Ops.cs, IEEE 754 arithmetic and .NET's Math).
            var expected = Engine(op, a, b);
            var what = $"{op}({Text(a)}, {Text(b)})";
            Check(failures, what + " data", expected.Data, PageSession.Number(results[k][0]));
            Check(failures, what + " grad a", expected.GradA, PageSession.Number(results[k][1]));
            Check(failures, what + " grad b", expected.GradB, PageSession.Number(results[k][2]));
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
    /// 1e-12 relative (V8's exp, log, tanh and pow may differ from .NET's in the last bit).</summary>
    private static void Check(List<string> failures, string what, double expected, double actual, bool signOfZero = true)
    {
        var same = double.IsNaN(expected) ? double.IsNaN(actual)
            : double.IsInfinity(expected) || expected == 0
                ? expected.Equals(actual) && (!signOfZero || double.IsNegative(expected) == double.IsNegative(actual))
            : Math.Abs(expected - actual) <= 1e-12 * Math.Abs(expected);
        if (!same)
            failures.Add($"{what}: C# {Text(expected)}, the page {Text(actual)}");
    }

    public void Dispose() => _pages.Dispose();
}
