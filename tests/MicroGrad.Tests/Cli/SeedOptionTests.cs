namespace MicroGrad.Tests.Cli;

/// <summary>Every command's --seed is one option (CommonOptions.Seed): a value that is not a seed is a usage error
/// (exit 1) naming the option, in every command, never an unhandled exception naming a .NET type.</summary>
public class SeedOptionTests
{
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var command in new[] { "demo", "train", "regress" })
        {
            foreach (var value in new[] { "-1", "abc", "", "99999999999999999999999", "1.5" })
                cases.Add(command, value);
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_value_that_is_not_a_seed_is_a_usage_error_naming_the_option(string command, string value)
    {
        // The data file need not exist: the command line is checked before any file is read.
        string[] args = command == "demo"
            ? [command, "--seed", value]
            : [command, "--data", "missing.csv", "--target", "y", "--seed", value];
        var r = Cli.Run(args);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"--seed expects an integer from 1 to 18446744073709551615; found '{value}'.", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", r.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("train")]
    [InlineData("regress")]
    public void Seed_zero_is_refused_with_the_reason(string command)
    {
        string[] args = command == "demo"
            ? [command, "--seed", "0"]
            : [command, "--data", "missing.csv", "--target", "y", "--seed", "0"];
        var r = Cli.Run(args);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--seed expects a non-zero seed (0 is a fixed point of the xorshift generator); found 0.", r.Error, StringComparison.Ordinal);
    }
}
