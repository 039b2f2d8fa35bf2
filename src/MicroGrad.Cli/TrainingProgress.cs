using System.Globalization;
using MicroGrad.NN;
using Spectre.Console;

namespace MicroGrad.Cli;

/// <summary>How <c>demo</c> and <c>train</c> show training: a live progress bar on a terminal; elsewhere (pipes,
/// tests) nothing, or about ten plain lines.</summary>
internal static class TrainingProgress
{
    /// <summary>Runs <paramref name="train"/>, which must call the callback it is given once per step.</summary>
    /// <param name="context">Where to draw.</param>
    /// <param name="steps">The number of steps, for the bar and the "step k/steps" text.</param>
    /// <param name="train">Runs the trainer, reporting each step through its argument; returns what the caller
    /// needs (the history, say).</param>
    /// <param name="plainLines">Without a terminal, write every tenth step (and the last) as a line.</param>
    public static T Run<T>(CliContext context, int steps, Func<Action<TrainingStep>, T> train, bool plainLines)
    {
        if (!context.Console.Profile.Capabilities.Interactive)
        {
            var every = Math.Max(1, steps / 10);
            return train(step =>
            {
                if (plainLines && ((step.Step + 1) % every == 0 || step.Step + 1 == steps))
                    context.Out.WriteLine(Describe(step, steps));
            });
        }
        T result = default!;
        context.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var bar = ctx.AddTask("training", maxValue: steps);
                result = train(step =>
                {
                    bar.Description = Markup.Escape(Describe(step, steps));
                    bar.Increment(1);
                });
            });
        return result;
    }

    /// <summary><c>step 10/100 loss 0.31 accuracy 87.0%</c> (no accuracy for a regression).</summary>
    private static string Describe(TrainingStep step, int steps)
    {
        var c = CultureInfo.InvariantCulture;
        var line = string.Create(c, $"step {step.Step + 1}/{steps} loss {Format.Short(step.Loss)}");
        return double.IsNaN(step.Accuracy) ? line : line + string.Create(c, $" accuracy {step.Accuracy:P1}");
    }
}
