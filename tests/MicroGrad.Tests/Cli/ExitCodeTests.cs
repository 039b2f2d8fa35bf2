using MicroGrad.Cli;
using MicroGrad.Data;

namespace MicroGrad.Tests.Cli;

/// <summary>The exception's type, not its message, decides the exit code (issue 9, point 4).</summary>
public class ExitCodeTests
{
    public static TheoryData<Exception, int> Failures => new()
    {
        { new TrainingDivergedException(7, double.NaN, 0.5, "Training diverged at step 7."), 3 },
        { new DataFormatException("data.csv, line 3: expected a number."), 2 },
        { new ArgumentException("Expected at least one row; got none.", "x"), 2 },
        { new ArgumentOutOfRangeException("LearningRate", -1.0, "Expected a positive finite learning rate; got -1."), 2 },
        { new FileNotFoundException("Could not find 'data.csv'."), 2 },
        // An InvalidOperationException like the bug below, but about the user's data: its type decides.
        { new MicroGrad.Regression.RankDeficientException("The design has rank 2 of 3: 'c' = 'a' + 'b'.", ["c"]), 2 },
        // A null argument is the tool's bug, not the user's input.
        { new ArgumentNullException("path"), 70 },
        // Anomaly mode throws a plain ArithmeticException: not divergence, whatever its message says.
        { new ArithmeticException("Training diverged: anomaly detected in forward: op 'log' on 'x' (data 0.0) gave -inf."), 70 },
        { new OverflowException("Arithmetic operation resulted in an overflow."), 70 },
        { new DivideByZeroException(), 70 },
        { new InvalidOperationException("Nope."), 70 },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failure_s_type_decides_its_exit_code(Exception ex, int code)
    {
        var (actual, message) = CliApp.Classify(ex);
        Assert.Equal(code, actual);
        Assert.Contains(ex.Message, message, StringComparison.Ordinal);
        if (code == 70)
            Assert.Contains("this is a bug; rerun with --verbose", message, StringComparison.Ordinal);
    }
}
