using System.Diagnostics.CodeAnalysis;

using MicroGrad.Regression;
using static System.FormattableString;

namespace MicroGrad;

// The throws of LinearRegressionAccumulator: its shape checks and its byte image (FromBytes).
internal static partial class MicroGradThrow
{
    private const string AccumulatorName = "MicroGrad regression accumulator";

    private static string Shape(int k, bool intercept) => Invariant($"k = {k} feature(s) {(intercept ? "with" : "without")} an intercept");

    [DoesNotReturn]
    public static void Argument_AccumulatorShape(string paramName, int k, bool intercept, int otherK, bool otherIntercept) =>
        throw new ArgumentException(
            $"Cannot merge accumulators of different shapes: expected {Shape(k, intercept)} (this accumulator); found {Shape(otherK, otherIntercept)}.",
            paramName);

    [DoesNotReturn]
    public static void Argument_AccumulatorIntercept(string paramName, bool accumulator, bool options) =>
        throw new ArgumentException(Invariant(
            $"The accumulator was filled {(accumulator ? "with" : "without")} an intercept column, but the options say FitIntercept = {options}: create the accumulator with fitIntercept: {options}, or fit it with matching options."),
            paramName);

    [DoesNotReturn]
    public static void Argument_AccumulatorRowWidth(string paramName, int found, int expected) =>
        throw new ArgumentException(Invariant(
            $"Expected rows of {expected} feature(s) (the accumulator's FeatureCount); x has rows of {found}."), paramName);

    [DoesNotReturn]
    public static void Argument_AccumulatorEmpty(string paramName) =>
        throw new ArgumentException("Expected an accumulator holding at least one row; this one has none (nothing was added or merged).", paramName);

    [DoesNotReturn]
    public static void NotSupported_AccumulatorSolver(LinearSolver solver) =>
        throw new NotSupportedException(Invariant(
            $"A fit from an accumulator uses the Qr solver; found Solver = {solver}, which needs every row (the accumulator keeps only the triangle R of [1 | X | y])."));

    [DoesNotReturn]
    public static void NotSupported_AccumulatorRidgeScales() =>
        throw new NotSupportedException(
            "A ridge fit (L2 > 0) with Standardize and no intercept needs each feature's standard deviation around its mean, which the triangle of an accumulator without an intercept column does not hold: fit with FitIntercept = true, or Standardize = false.");

    [DoesNotReturn]
    public static void InvalidData_AccumulatorTooShort(int found, int header) =>
        throw new InvalidDataException(Invariant(
            $"Not a {AccumulatorName}: expected at least the {header}-byte header; found {found} byte(s)."));

    [DoesNotReturn]
    public static void InvalidData_AccumulatorMagic(ReadOnlySpan<byte> found) =>
        throw new InvalidDataException(Invariant(
            $"Not a {AccumulatorName}: expected the magic 'MGRLSACC' (4D47524C53414343) at byte 0; found {Convert.ToHexString(found)}."));

    [DoesNotReturn]
    public static void InvalidData_AccumulatorVersion(int found, int supported) =>
        throw new InvalidDataException(found > supported
            ? Invariant($"The {AccumulatorName} has format version {found}, newer than this library reads ({supported}): update MicroGrad.")
            : Invariant($"Corrupt {AccumulatorName}: expected format version {supported}; found {found}."));

    [DoesNotReturn]
    public static void InvalidData_AccumulatorFlags(int found) =>
        throw new InvalidDataException(Invariant(
            $"Corrupt {AccumulatorName}: expected flags 0 or 1 (bit 0: intercept); found 0x{found:X4}."));

    [DoesNotReturn]
    public static void InvalidData_AccumulatorFeatureCount(int found, int max) =>
        throw new InvalidDataException(Invariant(
            $"Corrupt {AccumulatorName}: expected a feature count in [1, {max}]; found {found}."));

    [DoesNotReturn]
    public static void InvalidData_AccumulatorLength(int found, long expected, int k) =>
        throw new InvalidDataException(Invariant(
            $"Corrupt {AccumulatorName} (truncated or padded): k = {k} features need exactly {expected} bytes; found {found}."));

    [DoesNotReturn]
    public static void InvalidData_AccumulatorChecksum(uint stored, uint computed) =>
        throw new InvalidDataException(Invariant(
            $"Corrupt {AccumulatorName}: expected the stored CRC-32 {stored:X8}; the bytes give {computed:X8}."));

    [DoesNotReturn]
    public static void InvalidData_AccumulatorValue(string what, double value) =>
        throw new InvalidDataException(Invariant(
            $"Corrupt {AccumulatorName}: expected a finite {what}; found {Format.Python(value)}."));

    [DoesNotReturn]
    public static void InvalidData_AccumulatorRows(string what) =>
        throw new InvalidDataException($"Corrupt {AccumulatorName}: {what}.");

    [DoesNotReturn]
    public static void Argument_AccumulatorTooManyRows(string paramName, long rows) =>
        throw new ArgumentException(Invariant(
            $"The summary counts observations as a 32-bit int (at most 2147483647); the accumulator holds {rows} rows. Fit partitions of fewer rows."), paramName);

    [DoesNotReturn]
    public static void Overflow_AccumulatorRows(long rows, long other) =>
        throw new OverflowException(Invariant($"Merging {other} rows into {rows} exceeds the largest row count, {long.MaxValue}."));
}
