using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

using MicroGrad.Regression;
using static System.FormattableString;

namespace MicroGrad;

// The regression throws (MicroGrad.Regression).
internal static partial class MicroGradThrow
{

    [DoesNotReturn]
    public static void NotSupported_Streaming(LinearSolver solver) =>
        throw new NotSupportedException(Invariant(
            $"Streaming fits use the Qr or GradientDescent solver; found Solver = {solver}, whose shuffled mini-batches need every row in memory: read the file with CsvData.Read and call Fit."));

    [DoesNotReturn]
    public static void Argument_Empty(string paramName, string what) =>
        throw new ArgumentException(Invariant($"Expected at least one {what}; got none."), paramName);

    [DoesNotReturn]
    public static void Argument_Ragged(string paramName, int row, int found, int expected) =>
        throw new ArgumentException(Invariant(
            $"Expected every row of {paramName} to have {expected} columns (the width of row 0); row {row} has {found}."),
            paramName);

    [DoesNotReturn]
    public static void Argument_NullRow(string paramName, int row) =>
        throw new ArgumentException(Invariant($"Expected a row of numbers; row {row} of {paramName} is null."), paramName);

    [DoesNotReturn]
    public static void Argument_LengthMismatch(string paramName, int found, int expected, string expectedWhat) =>
        throw new ArgumentException(Invariant(
            $"Expected {paramName} to have {expected} elements ({expectedWhat}); got {found}."), paramName);

    [DoesNotReturn]
    public static void Argument_NotFinite(string paramName, int row, int column, double value) =>
        throw new ArgumentException(Invariant(
            $"Expected finite numbers; {paramName}[{row}][{column}] is {Format.Python(value)}."), paramName);

    [DoesNotReturn]
    public static void Argument_NotFinite(string paramName, int index, double value) =>
        throw new ArgumentException(Invariant(
            $"Expected finite numbers; {paramName}[{index}] is {Format.Python(value)}."), paramName);

    /// <summary>A weight of weighted least squares that is not a positive finite number, named by its row.</summary>
    [DoesNotReturn]
    public static void Argument_Weight(int row, double value) =>
        throw new ArgumentException(Invariant(
            $"weights[{row}] = {Format.Python(value)}: expected a positive finite weight (an inverse variance)."), "weights");

    [DoesNotReturn]
    public static void NotSupported_Weighted(LinearSolver solver, double l2) =>
        throw new NotSupportedException(Invariant(
            $"Weighted least squares uses the Qr solver without a penalty; found Solver = {solver}, L2 = {Format.Python(l2)}."));

    [DoesNotReturn]
    public static void Argument_ConstantActual(string paramName) =>
        throw new ArgumentException(
            "R² is undefined: every actual value is the same, so there is no variance to explain (SST = 0).", paramName);

    [DoesNotReturn]
    public static void Argument_NoResidualDf(string paramName, int observations, int featureCount, int dfResid) =>
        throw new ArgumentException(Invariant(
            $"Adjusted R² is undefined: n = {observations} observations leave no residual degrees of freedom for {featureCount} feature(s) and the intercept (n − p − 1 = {dfResid})."),
            paramName);

    [DoesNotReturn]
    public static void Argument_NoResidualDf(string paramName, int observations, int parameterCount) =>
        throw new ArgumentException(Invariant(
            $"The standard error of the regression √(SSE/(n − k)) is undefined: n = {observations} observations for k = {parameterCount} parameters leave no residual degrees of freedom."),
            paramName);

    /// <summary>Fewer rows than parameters: named by the counts only (never by every column, which for a wide file
    /// would be a message of many kilobytes).</summary>
    [DoesNotReturn]
    public static void RankDeficient_TooFewObservations(long observations, int featureCount, bool intercept) =>
        throw new RankDeficientException(Invariant(
            $"Only {observations:N0} observation(s) for {featureCount + (intercept ? 1L : 0L):N0} parameter(s) ({featureCount:N0} feature(s){(intercept ? " and the intercept" : "")}): least squares needs at least as many rows as parameters."));

    /// <summary>Data, not a programmer's argument: no parameter name, so the CLI shows the message as it is.</summary>
    [DoesNotReturn]
    public static void Argument_OutOfDoubleRange(string column) =>
        throw new ArgumentException(
            $"Column {Format.Quote(column)} cannot be fitted in double precision: its values, or their spread, are too large or too small (the sums of their squares leave double's range). Rescale it first.");

    [DoesNotReturn]
    public static void RankDeficient_Collinear(string message, IReadOnlyList<string> collinear) =>
        throw new RankDeficientException(message, collinear);

    [DoesNotReturn]
    public static void TrainingDiverged_Iteration(string solver, int iteration, double loss, double learningRate) =>
        throw new TrainingDivergedException(iteration, loss, learningRate, Invariant(
            $"{solver} diverged at iteration {iteration}: the loss {(double.IsFinite(loss) ? "reached " + Format.Python(loss) + " and kept growing" : "became " + Format.Python(loss))}. ") +
            Invariant($"Try a smaller learning rate than {Format.Python(learningRate)}, or standardise the features so that ") +
            "they share one scale.");
}
