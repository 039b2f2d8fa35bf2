using System.Globalization;
using MicroGrad.NN;
using Spectre.Console;

namespace MicroGrad.Cli;

/// <summary>How <c>demo</c> and <c>train</c> show training: a live progress bar on a terminal; elsewhere (pipes,
/// tests) nothing, or about ten plain lines. Steps are numbered from 0, as <see cref="TrainingStep.Step"/>, the
/// <c>--log-json</c> log and <c>demo</c>'s table number them; the loss shown is the training loss at that step, before
/// its update.</summary>
internal static class TrainingProgress
{
    /// <summary>Runs <paramref name="train"/>, which must call the callback it is given once per step.</summary>
    /// <param name="context">Where to draw.</param>
    /// <param name="steps">The number of steps, for the bar and for knowing which step is the last.</param>
    /// <param name="train">Runs the trainer, reporting each step through its argument; returns what the caller
    /// needs (the history, say).</param>
    /// <param name="plainLines">Without a terminal, write step 0, every tenth step after it and the last as lines
    /// (0, 10, …, 90, 99 for 100 steps, as <c>demo</c>'s table and micrograd's notebook).</param>
    public static T Run<T>(CliContext context, int steps, Func<Action<TrainingStep>, T> train, bool plainLines)
    {
        if (!context.Console.Profile.Capabilities.Interactive)
        {
            var every = Math.Max(1, steps / 10);
            return train(step =>
            {
                if (plainLines && (step.Step % every == 0 || step.Step == steps - 1))
                    context.Out.WriteLine(Describe(step));
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
                    bar.Description = Markup.Escape(Describe(step));
                    bar.Increment(1);
                });
            });
        return result;
    }

    /// <summary><c>step 10 training loss 0.31 accuracy 87.0 %</c> (no accuracy for a regression): step k from 0, its loss
    /// and accuracy measured before its update.</summary>
    internal static string Describe(TrainingStep step)
    {
        var c = CultureInfo.InvariantCulture;
        var line = string.Create(c, $"step {step.Step} training loss {Format.Short(step.Loss)}");
        return double.IsNaN(step.Accuracy) ? line : line + string.Create(c, $" accuracy {step.Accuracy:P1}");
    }
}
