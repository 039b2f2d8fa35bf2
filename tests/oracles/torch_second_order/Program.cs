// PyTorch oracle for second derivatives: writes torch_second_order.json (format and provenance in README.md here).
//   dotnet TorchSecondOrder.dll TORCH_GRAPHS_JSON OUTPUT_JSON      (run.sh builds it outside the repository and runs it)
// For every graph of torch_graphs.json whose kinks (relu) are not within 1e-9 of their switching point, and for
// NewGraphs random graphs over the old ops and the new ones (abs sqrt sin cos log1p softplus sign max min, seeded),
// libtorch computes in float64: the output's value, its gradient w.r.t. the leaves (torch.autograd.grad with
// create_graph=true), the full Hessian (one torch.autograd.grad of each gradient component) and the Hessian-vector
// product H·v for a seeded v (torch.autograd.grad of Σ gradᵢ·vᵢ). Then the same for softplus_tail graphs, whose softplus
// arguments have magnitudes 20…40 (softplus'' tiny there), after checking libtorch's logaddexp(x, 0) derivatives there
// against closed forms.
using System.Globalization;
using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: TorchSecondOrder TORCH_GRAPHS_JSON OUTPUT_JSON");
    return 2;
}
torch.set_num_threads(1);
const int GraphSeed = 1313;   // the random graphs
const int VectorSeed = 7;     // the vectors v of the Hessian-vector products
const int NewGraphs = 50;
const double KinkMargin = 1e-9;
var inv = CultureInfo.InvariantCulture;

var vectors = new Random(VectorSeed);
var lines = new List<string>();
var excluded = new List<string>();
double worstValue = 0, worstGrad = 0;

// 1. The graphs of torch_graphs.json (PyTorch 2.11 through Python gave their value and gradient; libtorch 2.10 here
//    recomputes them, and the largest differences are printed as a consistency check).
var source = JsonDocument.Parse(File.ReadAllText(args[0])).RootElement;
for (var k = 0; k < source.GetArrayLength(); k++)
{
    var g = source[k];
    var graph = new Graph(
        g.GetProperty("leaves").EnumerateArray().Select(e => e.GetDouble()).ToArray(),
        g.GetProperty("ops").EnumerateArray().Select(Op.Parse).ToList(),
        g.GetProperty("output_sum_of_last").GetInt32());
    var v = Vector(vectors, graph.Leaves.Length);
    var result = Oracle.Evaluate(graph, v, KinkMargin, out var why);
    if (result is null)
    {
        excluded.Add($"torch_graphs.json[{k}]: {why}");
        continue;
    }
    worstValue = Math.Max(worstValue, Oracle.RelDiff(g.GetProperty("value").GetDouble(), result.Value));
    var grads = g.GetProperty("grads");
    for (var i = 0; i < graph.Leaves.Length; i++)
        worstGrad = Math.Max(worstGrad, Oracle.RelDiff(grads[i].GetDouble(), result.Grads[i]));
    lines.Add(Json.Entry($"torch_graphs.json[{k}]", graph, result, v));
}
var fromFile = lines.Count;

// 2. Random graphs over the whole vocabulary, seeded.
var rng = new Random(GraphSeed);
var made = 0;
var ties = 0;
var newOpCounts = new SortedDictionary<string, int>(StringComparer.Ordinal);
while (made < NewGraphs)
{
    var graph = Generator.Generate(rng);
    if (graph is null)
        continue;
    var v = Vector(vectors, graph.Leaves.Length);
    var result = Oracle.Evaluate(graph, v, KinkMargin, out _);
    if (result is null || !result.AllFinite || result.MaxAbs > 1e8)
        continue;
    foreach (var op in graph.Ops.Where(o => Generator.NewOps.Contains(o.Name)))
        newOpCounts[op.Name] = newOpCounts.GetValueOrDefault(op.Name) + 1;
    ties += graph.Ops.Count(o => o.Name is "max" or "min" && o.A == o.B);
    lines.Add(Json.Entry($"generated[{made}]", graph, result, v));
    made++;
}

// 3. Softplus far out in its tails (arguments ±20…±40), alone, through affine maps and products, and in the binary
//    cross-entropy y·softplus(−z) + (1 − y)·softplus(z), where softplus'' = σ(z)σ(−z) is 2e-9…4e-18 and loses its digits
//    if formed as (1 − σ)·σ. libtorch's own derivatives of logaddexp(x, 0) are first checked there against the closed
//    forms computed here in double.
var worstTail = Tail.CheckLogaddexp(Tail.Arguments());
Console.Error.WriteLine(string.Create(inv, $"libtorch logaddexp(x, 0) vs closed forms at x = ±20, ±20.25, …, ±40: largest relative difference value {worstTail[0]:E2}, first derivative {worstTail[1]:E2}, second {worstTail[2]:E2}"));
if (worstTail.Max() > Tail.ClosedFormTolerance)
{
    Console.Error.WriteLine($"libtorch's logaddexp derivatives differ from the closed forms by more than {Tail.ClosedFormTolerance:E0}: not writing");
    return 1;
}
var tailArguments = new List<double>();
var tails = Tail.Graphs(new Random(Tail.Seed));
for (var k = 0; k < tails.Count; k++)
{
    var v = Vector(vectors, tails[k].Leaves.Length);
    var result = Oracle.Evaluate(tails[k], v, KinkMargin, out var why)
        ?? throw new InvalidOperationException($"softplus_tail[{k}]: {why}");
    tailArguments.AddRange(Tail.SoftplusArguments(tails[k]));
    lines.Add(Json.Entry($"softplus_tail[{k}]", tails[k], result, v));
}
var worstArguments = Tail.CheckLogaddexp(tailArguments);
Console.Error.WriteLine(string.Create(inv, $"softplus_tail: {tails.Count} graphs, {tailArguments.Count} softplus arguments, |x| in [{tailArguments.Min(Math.Abs):F2}, {tailArguments.Max(Math.Abs):F2}]; libtorch vs closed forms there: value {worstArguments[0]:E2}, first derivative {worstArguments[1]:E2}, second {worstArguments[2]:E2}"));
if (worstArguments.Max() > Tail.ClosedFormTolerance)
    return 1;

File.WriteAllText(args[1], "[\n" + string.Join(",\n", lines) + "\n]\n");
Console.Error.WriteLine($"wrote {lines.Count} graphs to {args[1]}: {fromFile} from torch_graphs.json, {made} generated (seed {GraphSeed}), {tails.Count} softplus_tail (seed {Tail.Seed})");
Console.Error.WriteLine(string.Create(inv, $"libtorch vs torch_graphs.json: largest relative difference value {worstValue:E2}, gradient {worstGrad:E2}"));
Console.Error.WriteLine("new ops in generated graphs: " + string.Join(", ", newOpCounts.Select(p => $"{p.Key} {p.Value}")) + $"; exact ties max/min(x, x): {ties}");
foreach (var e in excluded)
    Console.Error.WriteLine("excluded " + e);
return 0;

static double[] Vector(Random r, int n)
{
    var v = new double[n];
    for (var i = 0; i < n; i++)
        v[i] = Math.Round(r.NextDouble() * 2 - 1, 3);
    return v;
}

/// <summary>One op: appends node `name(node[A])`, `name(node[A], node[B])` or `name(node[A], C)`.</summary>
sealed record Op(string Name, int A, int B = -1, double C = double.NaN)
{
    public static readonly string[] Unary = ["neg", "exp", "log", "tanh", "relu", "sigmoid", "pow2", "pow3", "powm1", "pow0.5",
        "abs", "sqrt", "sin", "cos", "log1p", "softplus", "sign"];
    public static readonly string[] Binary = ["add", "sub", "mul", "div", "max", "min"];
    public static readonly string[] WithConstant = ["addc", "mulc", "rsubc", "rdivc"];

    public static Op Parse(JsonElement e)
    {
        var name = e[0].GetString()!;
        var a = e[1].GetInt32();
        if (Binary.Contains(name))
            return new Op(name, a, e[2].GetInt32());
        if (WithConstant.Contains(name))
            return new Op(name, a, C: e[2].GetDouble());
        return Unary.Contains(name) ? new Op(name, a) : throw new InvalidDataException($"unknown op {name}");
    }

    public Tensor Apply(List<Tensor> n)
    {
        var a = n[A];
        return Name switch
        {
            "add" => a + n[B],
            "sub" => a - n[B],
            "mul" => a * n[B],
            "div" => a / n[B],
            "max" => torch.maximum(a, n[B]),
            "min" => torch.minimum(a, n[B]),
            // The constant as a 0-d tensor, so that each is the one binary op MicroGrad records (c − a is not a.neg() + c).
            "addc" => a + Const(C),
            "mulc" => a * Const(C),
            "rsubc" => Const(C) - a,
            "rdivc" => Const(C) / a,
            "neg" => a.neg(),
            "exp" => a.exp(),
            "log" => a.log(),
            "tanh" => a.tanh(),
            "relu" => a.relu(),
            "sigmoid" => a.sigmoid(),
            "pow2" => a.pow(2.0),
            "pow3" => a.pow(3.0),
            "powm1" => a.pow(-1.0),
            "pow0.5" => a.pow(0.5),
            "abs" => a.abs(),
            "sqrt" => a.sqrt(),
            "sin" => a.sin(),
            "cos" => a.cos(),
            "log1p" => a.log1p(),
            // MicroGrad's Softplus has no threshold: ln(1 + eˣ) = logaddexp(x, 0) (torch's softplus returns x above 20).
            "softplus" => torch.logaddexp(a, Const(0.0)),
            "sign" => a.sign(),
            _ => throw new InvalidDataException($"unknown op {Name}"),
        };
    }

    static Tensor Const(double c) => torch.tensor(c, dtype: ScalarType.Float64);

    public string ToJson() =>
        Binary.Contains(Name) ? $"[\"{Name}\", {A}, {B}]"
        : WithConstant.Contains(Name) ? $"[\"{Name}\", {A}, {Json.Number(C)}]"
        : $"[\"{Name}\", {A}]";
}

sealed record Graph(double[] Leaves, List<Op> Ops, int SumOfLast);

sealed record Result(double Value, double[] Grads, double[,] Hessian, double[] Hvp)
{
    public bool AllFinite =>
        double.IsFinite(Value) && Grads.All(double.IsFinite) && Hessian.Cast<double>().All(double.IsFinite) && Hvp.All(double.IsFinite);

    public double MaxAbs => Grads.Concat(Hessian.Cast<double>()).Concat(Hvp).Append(Value).Max(Math.Abs);
}

static class Oracle
{
    public static double RelDiff(double want, double got) => Math.Abs(got - want) / Math.Max(Math.Abs(want), 1e-300);

    /// <summary>Value, gradient, Hessian and H·v of the graph in float64; null (with the reason) when a kink is within
    /// the margin of its switching point or a number is not finite.</summary>
    public static Result? Evaluate(Graph graph, double[] v, double kinkMargin, out string why)
    {
        using var scope = torch.NewDisposeScope();
        var leaves = graph.Leaves.Select(x => torch.tensor(x, dtype: ScalarType.Float64).requires_grad_(true)).ToArray();
        var nodes = new List<Tensor>(leaves);
        foreach (var op in graph.Ops)
        {
            if (KinkDistance(op, nodes) is { } d && d <= kinkMargin)
            {
                why = string.Create(CultureInfo.InvariantCulture, $"{op.Name} at node {nodes.Count} is {d:E1} from its kink");
                return null;
            }
            nodes.Add(op.Apply(nodes));
        }
        var m = graph.SumOfLast;
        var output = nodes[^m];
        for (var i = nodes.Count - m + 1; i < nodes.Count; i++)
            output = output + nodes[i];

        var n = leaves.Length;
        var grads = torch.autograd.grad([output], leaves, retain_graph: true, create_graph: true, allow_unused: true);
        var g = new double[n];
        var hessian = new double[n, n];
        Tensor? dot = null;
        for (var i = 0; i < n; i++)
        {
            if (!Defined(grads[i]))
                continue;
            g[i] = Item(grads[i]);
            if (!grads[i].requires_grad)
                continue;   // constant in every leaf: its row of the Hessian is 0
            var row = torch.autograd.grad([grads[i]], leaves, retain_graph: true, allow_unused: true);
            for (var j = 0; j < n; j++)
                hessian[i, j] = Defined(row[j]) ? Item(row[j]) : 0.0;
            var term = grads[i] * Const(v[i]);
            dot = dot is null ? term : dot + term;
        }
        var hvp = new double[n];
        if (dot is not null)
        {
            var hv = torch.autograd.grad([dot], leaves, retain_graph: true, allow_unused: true);
            for (var j = 0; j < n; j++)
                hvp[j] = Defined(hv[j]) ? Item(hv[j]) : 0.0;
        }
        var result = new Result(output.item<double>(), g, hessian, hvp);
        why = result.AllFinite ? "" : "a number is not finite";
        return result.AllFinite ? result : null;
    }

    static Tensor Const(double c) => torch.tensor(c, dtype: ScalarType.Float64);

    // item() reads the tensor's memory, and some backward formulas return libtorch's storage-less zero tensor (a null
    // data pointer, which item() dereferences); 0 + t is an ordinary tensor holding the same number (0 + x = x exactly).
    static double Item(Tensor t) => torch.tensor(0.0, dtype: ScalarType.Float64).add(t).item<double>();

    static bool Defined(Tensor? t) => t is not null && !t.IsInvalid;   // allow_unused gives an undefined tensor

    /// <summary>How far a piecewise op's argument is from the point where its derivative jumps (relative for max/min);
    /// null for a smooth op, and for max/min of one node with itself (an exact tie on every machine).</summary>
    static double? KinkDistance(Op op, List<Tensor> nodes)
    {
        switch (op.Name)
        {
            case "relu" or "abs" or "sign":
                return Math.Abs(nodes[op.A].item<double>());
            case "max" or "min" when op.A != op.B:
                var a = nodes[op.A].item<double>();
                var b = nodes[op.B].item<double>();
                return Math.Abs(a - b) / Math.Max(1.0, Math.Max(Math.Abs(a), Math.Abs(b)));
            default:
                return null;
        }
    }
}

static class Generator
{
    public static readonly HashSet<string> NewOps = ["abs", "sqrt", "sin", "cos", "log1p", "softplus", "sign", "max", "min"];

    static readonly string[] OldOps = ["add", "sub", "mul", "div", "addc", "mulc", "rsubc", "rdivc", "neg", "exp", "log", "tanh",
        "relu", "sigmoid", "pow2", "pow3", "powm1", "pow0.5"];

    // New ops twice as likely as before (sign, whose derivative is 0, less so).
    static readonly string[] Choices = [.. OldOps, "abs", "abs", "sqrt", "sqrt", "sin", "sin", "cos", "cos", "log1p", "log1p",
        "softplus", "softplus", "max", "max", "min", "min", "sign"];

    /// <summary>A random graph: 1–4 leaves in (−2, 2), 3–30 ops whose operands stay in their domains and away from their
    /// kinks (chosen by evaluating as it goes), the output the sum of the last 1–3 nodes; null when the output does not
    /// reach a new op.</summary>
    public static Graph? Generate(Random r)
    {
        using var scope = torch.NewDisposeScope();
        var leaves = new double[r.Next(1, 5)];
        for (var i = 0; i < leaves.Length; i++)
            leaves[i] = r.NextDouble() * 4 - 2;
        var nodes = leaves.Select(x => torch.tensor(x, dtype: ScalarType.Float64)).ToList();
        var values = leaves.ToList();
        var ops = new List<Op>();
        var count = r.Next(3, 31);
        while (ops.Count < count)
        {
            var op = Candidate(r, values);
            if (op is null)
                continue;
            var t = op.Apply(nodes);
            var x = t.item<double>();
            if (!double.IsFinite(x) || Math.Abs(x) > 1e4)
                continue;
            nodes.Add(t);
            values.Add(x);
            ops.Add(op);
        }
        var m = Math.Min(r.Next(1, 4), values.Count);
        var graph = new Graph(leaves, ops, m);
        return ReachesNewOp(graph) ? graph : null;
    }

    static Op? Candidate(Random r, List<double> values)
    {
        var name = Choices[r.Next(Choices.Length)];
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var a = Pick(r, values.Count);
            var x = values[a];
            switch (name)
            {
                case "add" or "sub" or "mul" or "div" or "max" or "min":
                    // max/min of a node with itself now and then: an exact tie, where each side gets half (torch.maximum).
                    var b = name is "max" or "min" && r.NextDouble() < 0.15 ? a : Pick(r, values.Count);
                    var y = values[b];
                    if (name == "div" && Math.Abs(y) < 1e-2)
                        continue;
                    if (name is "max" or "min" && a != b && Math.Abs(x - y) <= 1e-6 * Math.Max(1.0, Math.Max(Math.Abs(x), Math.Abs(y))))
                        continue;
                    return new Op(name, a, b);
                case "addc" or "mulc" or "rsubc" or "rdivc":
                    if (name == "rdivc" && Math.Abs(x) < 1e-2)
                        continue;
                    return new Op(name, a, C: Math.Round(r.NextDouble() * 6 - 3, 3));
                case "log" or "sqrt" or "pow0.5" when x < 1e-2:
                case "log1p" when x < -1 + 1e-2:
                case "powm1" when Math.Abs(x) < 1e-2:
                case "relu" or "abs" or "sign" when Math.Abs(x) < 1e-6:
                case "exp" when x > 5:
                    continue;
                default:
                    return new Op(name, a);
            }
        }
        return null;
    }

    // Mostly one of the last four nodes, so that chains grow deep; otherwise any node.
    static int Pick(Random r, int count) => r.NextDouble() < 0.6 ? Math.Max(0, count - 1 - r.Next(4)) : r.Next(count);

    static bool ReachesNewOp(Graph g)
    {
        var n = g.Leaves.Length + g.Ops.Count;
        var reached = new bool[n];
        for (var i = n - g.SumOfLast; i < n; i++)
            reached[i] = true;
        for (var i = n - 1; i >= g.Leaves.Length; i--)
        {
            if (!reached[i])
                continue;
            var op = g.Ops[i - g.Leaves.Length];
            if (NewOps.Contains(op.Name))
                return true;
            reached[op.A] = true;
            if (op.B >= 0)
                reached[op.B] = true;
        }
        return false;
    }
}

static class Json
{
    public static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    static string Array(IEnumerable<double> xs) => "[" + string.Join(", ", xs.Select(Number)) + "]";

    public static string Entry(string source, Graph g, Result r, double[] v)
    {
        var n = g.Leaves.Length;
        var rows = Enumerable.Range(0, n).Select(i => Array(Enumerable.Range(0, n).Select(j => r.Hessian[i, j])));
        var sb = new StringBuilder();
        sb.Append("{\"source\": \"").Append(source).Append("\", ");
        sb.Append("\"leaves\": ").Append(Array(g.Leaves)).Append(", ");
        sb.Append("\"ops\": [").Append(string.Join(", ", g.Ops.Select(o => o.ToJson()))).Append("], ");
        sb.Append("\"output_sum_of_last\": ").Append(g.SumOfLast).Append(", ");
        sb.Append("\"value\": ").Append(Number(r.Value)).Append(", ");
        sb.Append("\"grads\": ").Append(Array(r.Grads)).Append(", ");
        sb.Append("\"hessian\": [").Append(string.Join(", ", rows)).Append("], ");
        sb.Append("\"vector\": ").Append(Array(v)).Append(", ");
        sb.Append("\"hvp\": ").Append(Array(r.Hvp)).Append('}');
        return sb.ToString();
    }
}

/// <summary>Graphs whose softplus arguments lie in ±[20, 40] (section 3), and the check of libtorch's logaddexp(x, 0)
/// and its first two derivatives there against closed forms in double.</summary>
static class Tail
{
    public const int Seed = 2030;
    public const double ClosedFormTolerance = 1e-14;

    /// <summary>±20, ±20.25, …, ±40.</summary>
    public static IEnumerable<double> Arguments() =>
        Enumerable.Range(0, 81).Select(i => 20 + 0.25 * i).SelectMany(x => new[] { x, -x });

    /// <summary>The largest relative differences of libtorch's logaddexp(x, 0), its derivative and its second derivative
    /// (autograd.grad with create_graph, then autograd.grad again) from ln(1 + eˣ) = max(x, 0) + log1p(e^−|x|),
    /// σ(x) = 1/(1 + e⁻ˣ) and σ(x)σ(−x) = e^−|x|/(1 + e^−|x|)², each within a few ulps in double.</summary>
    public static double[] CheckLogaddexp(IEnumerable<double> xs)
    {
        var worst = new double[3];
        foreach (var x in xs)
        {
            using var scope = torch.NewDisposeScope();
            var t = torch.tensor(x, dtype: ScalarType.Float64).requires_grad_(true);
            var y = torch.logaddexp(t, torch.tensor(0.0, dtype: ScalarType.Float64));
            var d1 = torch.autograd.grad([y], [t], create_graph: true)[0];
            var d2 = torch.autograd.grad([d1], [t])[0];
            var e = Math.Exp(-Math.Abs(x));
            worst[0] = Math.Max(worst[0], Oracle.RelDiff(Math.Max(x, 0) + LogOnePlus(e), y.item<double>()));
            worst[1] = Math.Max(worst[1], Oracle.RelDiff(1 / (1 + Math.Exp(-x)), d1.item<double>()));
            worst[2] = Math.Max(worst[2], Oracle.RelDiff(e / ((1 + e) * (1 + e)), d2.item<double>()));
        }
        return worst;
    }

    // log1p(e) for 0 < e ≤ e^−20 ≈ 2.1e-9 as e − e²/2 + e³/3: the next term, e⁴/4, is below 3e-27·e, far under an ulp
    // (Math.Log(1 + e) would first round 1 + e).
    static double LogOnePlus(double e) => e - e * e / 2 + e * e * e / 3;

    /// <summary>The arguments of the graph's softplus ops, evaluated in double as libtorch does.</summary>
    public static IEnumerable<double> SoftplusArguments(Graph g)
    {
        using var scope = torch.NewDisposeScope();
        var nodes = g.Leaves.Select(x => torch.tensor(x, dtype: ScalarType.Float64)).ToList();
        var args = new List<double>();
        foreach (var op in g.Ops)
        {
            if (op.Name == "softplus")
                args.Add(nodes[op.A].item<double>());
            nodes.Add(op.Apply(nodes));
        }
        return args;
    }

    // A target argument z: |z| uniform in [20, 40], either sign.
    static double Target(Random r) => (r.Next(2) == 0 ? 1 : -1) * (20 + 20 * r.NextDouble());

    static double Round3(double x) => Math.Round(x, 3);

    /// <summary>The section-3 graphs (z's magnitude drawn uniform in [20, 40], either sign), in order: softplus(x) at fixed and random x; softplus(c₁x + c₂y + c₀);
    /// softplus(w·x + b); the cross-entropy of z = w·x with a constant label y (0, 1 or in (0, 1)); the same with the
    /// label a leaf; and a batch of two cross-entropy terms sharing w.</summary>
    public static List<Graph> Graphs(Random r)
    {
        var graphs = new List<Graph>();
        // softplus(x).
        foreach (var x in new double[] { 20, -20, 30, -30, 40, -40 })
            graphs.Add(new Graph([x], [new Op("softplus", 0)], 1));
        for (var i = 0; i < 4; i++)
            graphs.Add(new Graph([Round3(Target(r))], [new Op("softplus", 0)], 1));
        // softplus(c₁x + c₂y + c₀): Hessian σσ'·c cᵀ.
        for (var i = 0; i < 6; i++)
        {
            double x = Round3(r.NextDouble() * 4 - 2), y = Round3(r.NextDouble() * 4 - 2);
            double c1 = Round3(r.NextDouble() * 6 - 3), c2 = Round3(r.NextDouble() * 6 - 3);
            var c0 = Round3(Target(r) - (c1 * x + c2 * y));
            graphs.Add(new Graph([x, y],
                [new Op("mulc", 0, C: c1), new Op("mulc", 1, C: c2), new Op("add", 2, 3), new Op("addc", 4, C: c0), new Op("softplus", 5)], 1));
        }
        // softplus(w·x + b), b a leaf too: the Hessian mixes σ(z) (≈ 1 or ≈ 0) and w·x·σσ'.
        for (var i = 0; i < 6; i++)
        {
            var w = Round3((r.Next(2) == 0 ? 1 : -1) * (0.5 + 1.5 * r.NextDouble()));
            var b = Round3(r.NextDouble() * 2 - 1);
            var x = Round3((Target(r) - b) / w);
            graphs.Add(new Graph([w, x, b], [new Op("mul", 0, 1), new Op("add", 3, 2), new Op("softplus", 4)], 1));
        }
        // Cross-entropy with logit z = w·x and constant label y: y·softplus(−z) + (1 − y)·softplus(z).
        var labels = new double[] { 0, 1, 0, 1, Round3(r.NextDouble()), Round3(r.NextDouble()) };
        foreach (var y in labels)
        {
            var w = Round3((r.Next(2) == 0 ? 1 : -1) * (0.5 + 1.5 * r.NextDouble()));
            var x = Round3(Target(r) / w);
            graphs.Add(new Graph([w, x], CrossEntropy(2, 0, 1, label: null, y), 1));
        }
        // The label a leaf too (its own second derivative 0, its mixed one −1 with z).
        for (var i = 0; i < 4; i++)
        {
            var w = Round3((r.Next(2) == 0 ? 1 : -1) * (0.5 + 1.5 * r.NextDouble()));
            var x = Round3(Target(r) / w);
            var y = Round3(r.NextDouble());
            graphs.Add(new Graph([w, x, y], CrossEntropy(3, 0, 1, label: 2, 0), 1));
        }
        // A batch of two terms sharing the weight w (output: their sum), labels 0/1 so one term is tiny.
        for (var i = 0; i < 4; i++)
        {
            var w = Round3((r.Next(2) == 0 ? 1 : -1) * (0.5 + 1.5 * r.NextDouble()));
            double x1 = Round3(Target(r) / w), x2 = Round3(Target(r) / w);
            var first = CrossEntropy(3, 0, 1, label: null, r.Next(2));
            var second = CrossEntropy(3 + first.Count, 0, 2, label: null, r.Next(2));
            graphs.Add(new Graph([w, x1, x2], [.. first, .. second, new Op("add", 2 + first.Count, 2 + first.Count + second.Count)], 1));
        }
        return graphs;
    }

    /// <summary>The ops of y·softplus(−z) + (1 − y)·softplus(z) with z = node[w]·node[x], appended after node
    /// <paramref name="next"/> − 1; y is node[label] when given, else the constant <paramref name="y"/>.</summary>
    static List<Op> CrossEntropy(int next, int w, int x, int? label, double y)
    {
        var z = next;
        var ops = new List<Op> { new("mul", w, x), new("neg", z), new("softplus", z + 1) };
        if (label is { } l)
        {
            ops.Add(new("mul", l, z + 2));           // y·softplus(−z)
            ops.Add(new("rsubc", l, C: 1.0));        // 1 − y
            ops.Add(new("softplus", z));
            ops.Add(new("mul", z + 4, z + 5));       // (1 − y)·softplus(z)
            ops.Add(new("add", z + 3, z + 6));
        }
        else
        {
            ops.Add(new("mulc", z + 2, C: y));
            ops.Add(new("softplus", z));
            ops.Add(new("mulc", z + 4, C: 1 - y));
            ops.Add(new("add", z + 3, z + 5));
        }
        return ops;
    }
}
