using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace MicroGrad.Cli.Commands;

/// <summary>
/// The options several commands share, declared once, and the one way every command checks a value: a bad value is
/// a parse error (exit code 1) whose message names the option, what it expects and what it found.
/// </summary>
internal static class CommonOptions
{
    /// <summary><c>--data, -d FILE.csv</c> (required).</summary>
    public static Option<string> Data(string description = "The CSV file (header row, numeric columns).") =>
        FileToRead("--data", "-d", description);

    /// <summary>A required option naming a file to read. An empty name is a parse error here (exit code 1), where
    /// the library would take it for a programming mistake (an <see cref="ArgumentException"/>).</summary>
    public static Option<string> FileToRead(string name, string alias, string description) =>
        new Option<string>(name, alias) { Description = description, Required = true }.NotEmpty("a file name");

    /// <summary>Refuses an empty value of an option naming a file or folder (exit code 1), which the library would take
    /// for a programming mistake; returns the option.</summary>
    public static Option<T> NotEmpty<T>(this Option<T> option, string what)
    {
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && r.Tokens[^1].Value.Length == 0)
                r.AddError($"{option.Name} expects {what}; found an empty string.");
        });
        return option;
    }

    /// <summary><c>--target, -t COLUMN</c> (required): the column to predict.</summary>
    public static Option<string> Target() =>
        new("--target", "-t") { Description = "The column to predict; every other column is a feature.", Required = true };

    /// <summary><c>--seed N</c> of the xorshift generator (<see cref="Rng"/>), non-zero, with a default.</summary>
    public static Option<ulong> Seed(string description, ulong defaultValue) => new("--seed")
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => SeedToken(r) ?? defaultValue,
    };

    /// <summary><c>--seed N</c> without a default: absent means "no seed" (the command then does something else).</summary>
    public static Option<ulong?> OptionalSeed(string description) => new("--seed")
    {
        Description = description,
        CustomParser = SeedToken,
    };

    /// <summary><c>--steps N</c>: a positive number of training steps.</summary>
    public static Option<int> Steps(string description, int defaultValue = 100) =>
        Number("--steps", description, defaultValue, "a positive integer", PositiveInteger);

    /// <summary>The most <c>--threads</c> accepts: more threads than this is a typing mistake, not a machine.</summary>
    public const int MaxThreads = 1024;

    /// <summary><c>--threads N</c>: the threads of the tensor kernels (<see cref="Tensor.Threads"/>); null when absent
    /// (the library's default, one per processor). Apply it with <see cref="ApplyThreads"/>.</summary>
    public static Option<int?> Threads() => OptionalNumber<int>("--threads",
        "Threads for the batched matrix work; results are identical for any number. [default: one per processor]",
        $"a whole number of threads from 1 to {MaxThreads}", token => PositiveInteger(token) is { } n && n <= MaxThreads ? n : (int?)null);

    /// <summary>Sets <see cref="Tensor.Threads"/> from <c>--threads</c> when it was given, until the returned scope is
    /// disposed (the tool may run in-process, inside a program with its own setting).</summary>
    public static ThreadsScope ApplyThreads(ParseResult parse, Option<int?> threads)
    {
        var previous = Tensor.Threads;
        if (parse.GetValue(threads) is { } n)
            Tensor.Threads = n;
        return new ThreadsScope(previous);
    }

    /// <summary>Puts <see cref="Tensor.Threads"/> back as it was before <see cref="ApplyThreads"/>.</summary>
    public readonly struct ThreadsScope(int previous) : IDisposable
    {
        public void Dispose() => Tensor.Threads = previous;
    }

    /// <summary>A number option whose value <paramref name="parse"/> accepts (it returns null for what it does not),
    /// with a default; a refused value is a parse error naming the option, <paramref name="expected"/> and the text
    /// found.</summary>
    public static Option<T> Number<T>(string name, string description, T defaultValue, string expected, Func<string, T?> parse)
        where T : struct => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => Token(r, name, expected, parse) ?? defaultValue,
    };

    /// <summary>As <see cref="Number{T}"/>, without a default: null when the option is absent.</summary>
    public static Option<T?> OptionalNumber<T>(string name, string description, string expected, Func<string, T?> parse)
        where T : struct => new(name)
    {
        Description = description,
        CustomParser = r => Token(r, name, expected, parse),
    };

    /// <summary>An option that takes one of <paramref name="choices"/> (offered as completions and listed by
    /// <c>--help</c>, as System.CommandLine's <c>AcceptOnlyFromAmong</c> does, but with a message that names the
    /// option); null when absent and <paramref name="defaultValue"/> is null.</summary>
    public static Option<string> Choice(string name, string[] choices, string description, string? defaultValue = null)
    {
        var option = new Option<string>(name) { Description = description };
        if (defaultValue is not null)
            option.DefaultValueFactory = _ => defaultValue;
        option.CompletionSources.Add(choices);
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && r.GetValueOrDefault<string?>() is { } value && Array.IndexOf(choices, value) < 0)
                r.AddError($"{name} expects one of {string.Join(", ", choices)}; found {Format.Quote(value)}.");
        });
        return option;
    }

    /// <summary>Parses the option's last token with <paramref name="parse"/> (null when it is not acceptable), so that
    /// "abc" and "0" get the same message naming the option and what it expects.</summary>
    private static T? Token<T>(ArgumentResult result, string option, string expected, Func<string, T?> parse)
        where T : struct
    {
        if (result.Tokens.Count == 0)
            return null;
        var token = result.Tokens[^1].Value;
        var value = parse(token);
        if (value is null)
            result.AddError($"{option} expects {expected}; found {Format.Quote(token)}.");
        return value;
    }

    public static int? PositiveInteger(string token) =>
        int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : null;

    public static double? PositiveNumber(string token) =>
        double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && double.IsFinite(v) ? v : null;

    public static double? NonNegativeNumber(string token) =>
        double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && double.IsFinite(v) ? v : null;

    // Parsed here rather than by System.CommandLine's converter, which throws from a validator on "-1" or "abc"
    // (an unhandled InvalidOperationException naming a .NET type) instead of reporting a parse error.
    private static ulong? SeedToken(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
            return null;
        var token = result.Tokens[^1].Value;
        if (!ulong.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
            result.AddError($"--seed expects an integer from 1 to {ulong.MaxValue.ToString(CultureInfo.InvariantCulture)}; found {Format.Quote(token)}.");
        else if (seed == 0)
            result.AddError("--seed expects a non-zero seed (0 is a fixed point of the xorshift generator); found 0.");
        return seed;
    }
}
