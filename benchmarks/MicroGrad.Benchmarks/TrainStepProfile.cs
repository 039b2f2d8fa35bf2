using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using MicroGrad.NN;

namespace MicroGrad.Benchmarks;

/// <summary>
/// Where a tabular training step's time goes (<c>--profile-train [rows-per-batch]</c>): the step of
/// <see cref="TrainStepBenchmarks"/> taken apart by phase and by op with a <see cref="Stopwatch"/>, each figure the
/// median of 31 repetitions after a warm-up (40 steps, or 500 below 1,000 rows), with Objective's buffers (a
/// workspace reused from step to step, W and b refilled in place, mini-batches drawn by a BatchSampler). The forward of each op is timed as the op is built (a tensor op computes
/// its data when it is made); the backward of each op by calling the engine's private chain-rule dispatch on the node
/// again after a real <see cref="Tensor.Backward"/> (same work, accumulated into the same gradients). A scratch
/// profile: figures move with machine load; the BenchmarkDotNet cases are the reference. It runs on
/// <see cref="Tensor.Threads"/>' default, the processor count: <c>DOTNET_PROCESSOR_COUNT=1</c> profiles one thread.
/// </summary>
internal static class TrainStepProfile
{
    private const int Reps = 31;

    public static void Print(int batch)
    {
        var (x, y) = TabularData.Make();
        var xs = TabularData.Standardised(x);
        var model = new Mlp(TabularData.Features, [32, 32, TabularData.Classes], Activation.Relu, Activation.Linear,
            Initialization.EurekaLabs, new Rng(1337));
        var adam = new Adam(model.Parameters(), 0.01);
        var n = Math.Min(batch, xs.Length);
        var k = TabularData.Features;
        var features = new double[xs.Length * k];
        for (var i = 0; i < xs.Length; i++)
            xs[i].CopyTo(features, i * k);
        var classes = new int[xs.Length];
        for (var i = 0; i < classes.Length; i++)
            classes[i] = (int)y[i];
        var sampler = new BatchSampler(xs.Length, new Rng(1337));
        // As Objective steps: one ParameterTensors refilled every step, every buffer from a workspace reused across
        // steps (the figures below are those of reused buffers, not of fresh allocations).
        var parameters = new ParameterTensors(model);
        var workspace = new TensorWorkspace();
        var propagate = typeof(Tensor).GetMethod("Propagate", BindingFlags.NonPublic | BindingFlags.Static)!
            .CreateDelegate<Action<Tensor>>();

        var times = new Dictionary<string, List<double>>();
        var order = new List<string>();
        void Add(string name, long ticks)
        {
            if (!times.TryGetValue(name, out var list))
            {
                times[name] = list = [];
                order.Add(name);
            }
            list.Add(ticks * 1e6 / Stopwatch.Frequency);
        }
        var sw = new Stopwatch();
        T Time<T>(string name, Func<T> f)
        {
            sw.Restart();
            var r = f();
            sw.Stop();
            Add(name, sw.ElapsedTicks);
            return r;
        }
        void TimeVoid(string name, Action f)
        {
            sw.Restart();
            f();
            sw.Stop();
            Add(name, sw.ElapsedTicks);
        }

        // Warm-up long enough for tiered compilation to reach its optimised code (30 calls, then a background
        // recompile), more for small batches whose steps are short.
        var warmUp = n < 1000 ? 500 : 40;
        for (var rep = 0; rep < Reps + warmUp; rep++)
        {
            if (rep == warmUp)
            {
                times.Clear();
                order.Clear();
                Thread.Sleep(200);
            }
            var stepStart = Stopwatch.GetTimestamp();
            using var scope = workspace.Begin();
            var rows = n < xs.Length ? Time("batch: draw the rows (BatchSampler)", () => sampler.Next(n).ToArray()) : null;
            var (xb, yb) = Time("gather the batch's rows (X, targets)", () =>
            {
                // The full batch reads the features in place, as Objective does; a mini-batch copies its rows.
                var t = rows is null ? classes : new int[n];
                var xt = Tensor.StepLeaf(n, k, rows is null ? features : null, "X", skipsGradient: true);
                for (var i = 0; rows is not null && i < n; i++)
                {
                    features.AsSpan(rows[i] * k, k).CopyTo(xt.Data.AsSpan(i * k));
                    t[i] = classes[rows[i]];
                }
                return (xt, t);
            });
            var p = Time("gather W, b from the Values (ParameterTensors.Gather)", () =>
            {
                parameters.Gather();
                parameters.ZeroGradients();
                return parameters;
            });
            var h = xb;
            for (var l = 0; l < 3; l++)
            {
                var (w, b) = (p.Weights[l], p.Biases[l]);
                var hin = h;
                var activation = l < 2 ? Activation.Relu : Activation.Linear;
                h = Time($"forward L{l} Linear {hin.Rows}×{hin.Columns} · {w.Rows}×{w.Columns} + bias, {activation}",
                    () => hin.Linear(w, b, activation));
            }
            var logits = h;
            var loss = Time("forward CrossEntropy (fused)", () => Losses.CrossEntropy(logits, yb));
            TimeVoid("accuracy (arg-max per row)", () =>
            {
                var c = logits.Columns;
                var correct = 0;
                for (var i = 0; i < n; i++)
                {
                    var best = 0;
                    for (var j = 1; j < c; j++)
                        best = logits.Data[i * c + j] > logits.Data[i * c + best] ? j : best;
                    correct += best == yb[i] ? 1 : 0;
                }
                return;
            });
            TimeVoid("Model.ZeroGrad", model.ZeroGrad);
            TimeVoid("Backward() total (with W, b gradients into the Values)", loss.Backward);
            TimeVoid("Adam.Step", adam.Step);
            Add("= step (sum of the phases above, wall)", Stopwatch.GetTimestamp() - stepStart);

            // Backward per op: the same chain rule again on each node (outside the step's wall time).
            var topo = loss.TopologicalOrder();
            TimeVoid("  (in Backward) topological order", () => loss.TopologicalOrder());
            for (var i = topo.Count - 1; i >= 0; i--)
            {
                var node = topo[i];
                if (node.IsLeaf)
                    continue;
                var name = node.Op + " " + string.Join(", ", node.Children.Select(c => c.Shape));
                TimeVoid($"  (in Backward) node {i}: {name}", () => propagate(node));
            }
        }

        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"profile of one train step, {n} rows × {k}, MLP 10-32-32-3, cross-entropy, Adam, Tensor.Threads = {Tensor.Threads}; median of {Reps} (µs)"));
        foreach (var name in order)
        {
            var list = times[name];
            list.Sort();
            Console.WriteLine(string.Create(inv, $"{list[list.Count / 2],10:F1}  {name}"));
        }
    }
}
