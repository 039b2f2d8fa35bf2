namespace MicroGrad;

/// <summary>
/// Training stopped because the loss became NaN or ±∞ (or, for gradient descent on a regression, kept growing): the
/// learning rate is too large for the data's scale. Thrown by <see cref="NN.Trainer"/> and by
/// <see cref="Regression.LinearRegression"/>'s gradient-descent solvers; the message suggests what to change.
/// </summary>
/// <remarks>It derives from <see cref="ArithmeticException"/>, but it is a type of its own so that callers can tell
/// divergence from an anomaly found by <see cref="Value.DetectAnomaly"/> (a plain <see cref="ArithmeticException"/>)
/// and from overflow.</remarks>
public sealed class TrainingDivergedException : ArithmeticException
{
    /// <summary>Creates the exception for a run that diverged at <paramref name="step"/>.</summary>
    /// <param name="step">The step (or iteration) at which the loss stopped being finite or kept growing.</param>
    /// <param name="loss">The loss at that step.</param>
    /// <param name="learningRate">The learning rate in use.</param>
    /// <param name="message">What happened and what to try.</param>
    public TrainingDivergedException(int step, double loss, double learningRate, string message)
        : base(message)
    {
        Step = step;
        Loss = loss;
        LearningRate = learningRate;
    }

    /// <summary>The step (or iteration) at which training diverged.</summary>
    public int Step { get; }

    /// <summary>The loss at <see cref="Step"/> (NaN, ±∞, or a finite loss that kept growing).</summary>
    public double Loss { get; }

    /// <summary>The learning rate in use.</summary>
    public double LearningRate { get; }
}
