namespace MicroGrad.Regression;

/// <summary>Whether <see cref="LinearRegression.FitCsv"/> reads a CSV file into memory or fits it out of core by
/// <see cref="LinearRegression.FitCsvStreaming"/> (same results to rounding, memory bounded whatever the file's
/// length). <see cref="LinearSolver.StochasticGradientDescent"/> always reads the file into memory: its shuffled
/// mini-batches need every row.</summary>
public enum StreamingMode
{
    /// <summary>Stream files larger than <see cref="LinearRegression.StreamingThresholdBytes"/> (256 MiB), read smaller
    /// ones into memory (the default).</summary>
    Auto,

    /// <summary>Stream every file, whatever its size (what a file above the threshold gets, for any file).</summary>
    Always,

    /// <summary>Read every file into memory, whatever its size.</summary>
    Never,
}
