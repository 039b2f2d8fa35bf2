using System.CommandLine;
using System.Globalization;
using MicroGrad.Cli.Pages;
using MicroGrad.Cli.Plots;
using MicroGrad.Cli.Training;
using MicroGrad.Data;
using MicroGrad.NN;
using MicroGrad.Visualization;
using Spectre.Console;

namespace MicroGrad.Cli.Commands;

/// <summary>
/// <c>micrograd demo</c>: micrograd's <c>demo.ipynb</c>. MLP(2, [16, 16, 1]) on the notebook's 100 moons with its
/// initial weights (or fresh ones from <c>--seed</c>), hinge loss + 1e-4·Σp², SGD with the notebook's learning rate
/// 1.0 − 0.9·k/100 (kept at least 0.1 past step 100), full batch. Writes the loss curve, the decision boundary, the
/// lecture's neuron after backward (see <see cref="NeuronGraph"/>) and demo.html, the run step by step
/// (<see cref="DemoPage"/>).
/// </summary>
internal static class DemoCommand
{
    private const double Alpha = 1e-4;

    /// <summary>The notebook's y, −1 or 1, for the classes 0 and 1.</summary>
    private static readonly string[] s_classNames = ["y = -1", "y = 1"];

    public static Command Create(CliContext context)
    {
        var steps = CommonOptions.Steps("Training steps (the notebook runs 100).");
        var seed = CommonOptions.OptionalSeed("Train on fresh moons and weights drawn from Rng(SEED) instead of the notebook's own data and weights.");
        var output = new Option<string>("--out", "-o") { Description = "Folder for loss.png, boundary.png, neuron.svg (the lecture's tanh neuron after backward) and demo.html (the run step by step, offline).", DefaultValueFactory = _ => "micrograd-out" }.NotEmpty("a folder");
        var command = new Command("demo",
            "Train micrograd's moons demo (MLP 2-16-16-1, hinge loss, SGD), draw its loss, decision boundary and the lecture's neuron, and write demo.html to step through the run offline.\n" +
            "Example: micrograd demo --steps 100 --out micrograd-out")
        {
            steps, seed, output,
        };
        command.SetAction(parse =>
        {
            Run(context, parse.GetValue(steps), parse.GetValue(seed), parse.GetValue(output)!);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Run(CliContext context, int steps, ulong? seed, string folder)
    {
        Dataset moons;
        Mlp model;
        if (seed is { } s)
        {
            var rng = new Rng(s);
            moons = Datasets.Moons(100, 0.1, rng);
            model = new Mlp(2, MicrogradDemo.LayerSizes, rng: rng);
        }
        else
        {
            moons = MicrogradDemo.Moons();
            model = MicrogradDemo.CreateModel();
        }
        var x = moons.Features;
        Outputs.RequireFolder(folder, "--out");
        context.Out.WriteLine($"{model.Describe()}: {model.Parameters().Count} parameters, {x.Length} moons " +
            (seed is null ? "(the notebook's data and initial weights)" : $"(seed {seed})"));

        var objective = new Objective(model, moons, LossKind.Hinge, Alpha);
        var sgd = new Sgd(model.Parameters(), k => Math.Max(0.1, 1.0 - 0.9 * k / 100));
        var boundary = new BoundaryFrames(model, x, steps);
        var history = TrainingProgress.Run(context, steps,
            report => Trainer.Fit(objective, sgd, new TrainingOptions { Steps = steps }, step =>
            {
                report(step);
                boundary.AfterUpdate(step);
            }),
            plainLines: false);

        var table = new Table().AddColumns("step", "loss", "accuracy", "learning rate");
        foreach (var h in history)
        {
            if (h.Step % 10 == 0 || h.Step == history.Count - 1)
                table.AddRow(Inv(h.Step), Inv(h.Loss, "F6"), Inv(100 * h.Accuracy, "F1") + "%", Inv(h.LearningRate, "F3"));
        }
        context.Console.Write(table);

        // The four files are replaced together, after the training and drawing succeeded.
        using var outputs = new Outputs(context);
        Outputs.CreateFolder(folder, "--out");
        var lossPath = Path.Combine(folder, "loss.png");
        var accuracy = new double[history.Count];
        var losses = new double[history.Count];
        for (var i = 0; i < history.Count; i++)
            (losses[i], accuracy[i]) = (history[i].Loss, history[i].Accuracy);
        outputs.WriteAllBytes(lossPath, Charts.TrainingCurves(losses, accuracy));

        var boundaryPath = Path.Combine(folder, "boundary.png");
        // The notebook's moons have y in {−1, 1}; drawn moons are a classification, whose target is the class 0 or 1.
        var classes = new int[moons.Count];
        for (var i = 0; i < classes.Length; i++)
            classes[i] = moons.Target[i] > 0 ? 1 : 0;
        outputs.WriteAllBytes(boundaryPath, Charts.DecisionBoundary(points => Classifier.Classify(model, null, points), x, classes,
            $"micrograd demo after {history.Count} steps: accuracy {Inv(100 * history[^1].Accuracy, "F0")}%", s_classNames));

        var neuronPath = Path.Combine(folder, "neuron.svg");
        outputs.WriteAllText(neuronPath, NeuronGraph());
        var pagePath = Path.Combine(folder, "demo.html");
        var description = $"{model.Describe()}, hinge loss + {Inv(Alpha, "R")}·Σp², SGD, on {x.Length} moons " +
            (seed is null ? "(micrograd's demo.ipynb: its data and initial weights)" : $"and initial weights drawn from seed {seed}");
        outputs.WriteAllText(pagePath, DemoPage.Html(description, history, x, classes, s_classNames, boundary));
        outputs.Commit();
        foreach (var path in new[] { lossPath, boundaryPath, neuronPath, pagePath })
            context.Out.WriteLine($"wrote {path}");
    }

    /// <summary>micrograd's lecture neuron o = tanh(x1·w1 + x2·w2 + b) at x1 = 2, x2 = 0, w1 = −3, w2 = 1,
    /// b = 6.8813735870195432, after one backward (o = 0.7071, x1.grad = −1.5): the picture README shows, the same as
    /// <c>micrograd graph "tanh(x1*w1 + x2*w2 + b)" --set … --backward</c>. It is not a neuron of the trained model: a
    /// trained ReLU neuron is often dead on a given sample, and its gradients would be whatever training left.</summary>
    private static string NeuronGraph()
    {
        var x1 = new Value(2.0, "x1");
        var x2 = new Value(0.0, "x2");
        var w1 = new Value(-3.0, "w1");
        var w2 = new Value(1.0, "w2");
        var b = new Value(6.8813735870195432, "b");
        var n = x1 * w1 + x2 * w2 + b;
        n.Label = "n";
        var o = n.Tanh();
        o.Label = "o";
        o.Backward();
        return GraphPicture.ToSvg(o, new GraphOptions { Inputs = [x1, x2], Parameters = [w1, w2, b] });
    }

    private static string Inv(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);
}
