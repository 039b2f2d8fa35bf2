namespace MicroGrad.NN;

/// <summary>One training step as recorded by <see cref="Trainer.Fit"/>.</summary>
/// <param name="Step">The step index k, from 0.</param>
/// <param name="Loss">The loss before the update (what micrograd's demo prints at step k).</param>
/// <param name="Accuracy">The batch accuracy before the update (NaN for regression).</param>
/// <param name="LearningRate">The learning rate of the update.</param>
public readonly record struct TrainingStep(int Step, double Loss, double Accuracy, double LearningRate);

/// <summary>Settings of <see cref="Trainer.Fit"/>.</summary>
public sealed class TrainingOptions
{
    /// <summary>Number of optimizer steps (default 100, as micrograd's demo).</summary>
    public int Steps { get; init; } = 100;

    /// <summary>Samples per step; <see langword="null"/> (the default) or ≥ the data size means the full batch.
    /// Otherwise each step takes <c>BatchSize</c> distinct rows drawn uniformly at random (as micrograd's
    /// <c>np.random.permutation(n)[:batch_size]</c> does, but by a partial Fisher–Yates shuffle of <c>BatchSize</c>
    /// positions of a permutation kept from step to step: O(<c>BatchSize</c>) work a step instead of O(n), and other
    /// rows than a full permutation would pick from the same seed).</summary>
    public int? BatchSize { get; init; }

    /// <summary>Generator for mini-batches; <see langword="null"/> uses <c>new Rng(</c><see cref="Mlp.DefaultSeed"/><c>)</c>.</summary>
    public Rng? Rng { get; init; }
}

/// <summary>
/// The training loop micrograd's demo writes by hand, as one call: per step, compute the loss and gradients on a batch
/// (<see cref="Objective.ComputeGradients()"/> for the full batch, <see cref="Objective.ComputeGradients(ReadOnlySpan{int})"/>
/// for a mini-batch), check the loss is finite, then <see cref="Optimizer.Step"/>.
/// </summary>
public static class Trainer
{
    /// <summary>Trains for <see cref="TrainingOptions.Steps"/> steps and returns the history, one entry per step.</summary>
    /// <param name="objective">Model, data and loss.</param>
    /// <param name="optimizer">The update rule, over <c>objective.Model.Parameters()</c>.</param>
    /// <param name="options">Steps, batch size, generator; <see langword="null"/> for the defaults.</param>
    /// <param name="onStep">Called with every <see cref="TrainingStep"/> as it completes, on the training thread, before
    /// the next step starts (e.g. to print progress); <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Checked before every step.</param>
    /// <exception cref="TrainingDivergedException">The loss became NaN or ±∞ (the message suggests a smaller learning rate);
    /// the model keeps the parameters that produced it.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the model keeps the
    /// parameters of the last completed step.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Steps is negative or the batch size is not positive.</exception>
    /// <exception cref="InsufficientMemoryException">Under the tensor engine, a step over the batch's rows would hold
    /// more than the memory this process may use in total (its activations and their gradients, about 32 bytes a row and unit of every
    /// layer, and 80 bytes a parameter), or the history of <see cref="TrainingOptions.Steps"/> steps could not fit
    /// (64 bytes a step, the list's growth included); checked before the first step.</exception>
    public static IReadOnlyList<TrainingStep> Fit(Objective objective, Optimizer optimizer, TrainingOptions? options = null,
        Action<TrainingStep>? onStep = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(optimizer);
        options ??= new TrainingOptions();
        if (options.Steps < 0)
            MicroGradThrow.ArgumentOutOfRange(nameof(options), options.Steps, "a non-negative number of steps");
        if (options.BatchSize is <= 0)
            MicroGradThrow.ArgumentOutOfRange(nameof(options), options.BatchSize.Value, "a positive batch size");
        var batchSize = Math.Min(options.BatchSize ?? objective.Count, objective.Count);
        var sampler = batchSize < objective.Count ? new BatchSampler(objective.Count, options.Rng ?? new Rng(Mlp.DefaultSeed)) : null;
        CheckHistoryFits(options.Steps);
        if (objective.Engine == ObjectiveEngine.Tensor && options.Steps > 0)
            CheckStepFits(objective.Model, batchSize);

        // Grown as steps happen, never reserved for the requested count (a count that fits may still be far more than
        // the steps a cancelled run takes).
        var history = new List<TrainingStep>();
        var lastFinite = double.NaN;
        for (var k = 0; k < options.Steps; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var learningRate = optimizer.LearningRate;
            var (loss, accuracy) = sampler is null
                ? objective.ComputeGradients()
                : objective.ComputeGradients(sampler.Next(batchSize));
            if (!double.IsFinite(loss))
                MicroGradThrow.TrainingDiverged_Step(k, loss, learningRate, lastFinite);
            optimizer.Step();
            lastFinite = loss;
            var step = new TrainingStep(k, loss, accuracy, learningRate);
            history.Add(step);
            onStep?.Invoke(step);
        }
        return history;
    }

    // A history entry, twice: the list doubles as it grows, holding the old and the new array while it copies.
    private static readonly double s_historyBytesPerStep = 2.0 * System.Runtime.CompilerServices.Unsafe.SizeOf<TrainingStep>();

    /// <summary>Refuses a step count whose history could never fit in memory, rather than failing after hours of
    /// training. (The history is not reserved for the count: it grows with the steps taken.)</summary>
    private static void CheckHistoryFits(int steps)
    {
        var needed = steps * s_historyBytesPerStep;
        if (needed < LargeStepBytes)
            return;
        var available = MemoryBudget.AvailableBytes;
        if (needed > available)
            MicroGradThrow.InsufficientMemory_History(steps, needed, available);
    }

    // What a tensor-engine step holds, roughly (measured on 2-3000-1 and 2-3000-3000-1 over 2,000 rows: 114 MB and
    // 1.08 GB, against 193 MB and 1.10 GB here): per row and unit of every layer, its output, its gradient and the
    // activation's mask (32 bytes); per parameter, the W and b tensors' data and gradients and the views' references.
    private const double StepBytesPerRowUnit = 32;
    private const double StepBytesPerParameter = 80;

    // Below this (128 MB) a step or a history is not checked against the memory the process may use: the query would
    // cost more than it could save.
    private const double LargeStepBytes = 1L << 27;

    /// <summary>Refuses, before the first step, a step whose matrices cannot fit in memory together (each alone is
    /// checked as it is made, see Tensor.CheckSize; together they can exceed memory while each fits).</summary>
    private static void CheckStepFits(Mlp model, int rows)
    {
        long units = 0;
        foreach (var size in model.LayerSizes)
            units += size;
        // In double: rows·units may pass 2⁶³ for a model that exists.
        var needed = (double)rows * units * StepBytesPerRowUnit + (double)model.Parameters().Count * StepBytesPerParameter;
        if (needed < LargeStepBytes)
            return;
        var available = MemoryBudget.AvailableBytes;
        if (needed > available)
            MicroGradThrow.InsufficientMemory_Step(rows, model.Describe(), units, needed, available);
    }
}
