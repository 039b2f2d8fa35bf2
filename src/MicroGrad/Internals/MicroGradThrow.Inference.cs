using System.Diagnostics.CodeAnalysis;
using static System.FormattableString;

namespace MicroGrad;

// The throws of inference on a fitted linear model: prediction intervals and linear model files (MicroGrad.Regression).
internal static partial class MicroGradThrow
{
    [DoesNotReturn]
    public static void ArgumentOutOfRange_Level(string paramName, double level) =>
        throw new ArgumentOutOfRangeException(paramName, level,
            Invariant($"Expected a confidence level strictly between 0 and 1 (e.g. 0.95); got {Format.Python(level)}."));

    [DoesNotReturn]
    public static void InvalidOperation_NoIntervals(string reason) =>
        throw new InvalidOperationException($"Prediction intervals are undefined for this model: {reason}.");
}
