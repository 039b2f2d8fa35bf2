using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace MicroGrad.Tests.Fuzzing;

/// <summary>
/// The harness of the generative tests of the parsers users feed directly (CSV files, model files, expressions):
/// each case is an input drawn by an FsCheck generator from a fixed seed, so a run is reproducible, and the property
/// is always the same: the input parses, or the parser throws its documented exception with a message under 1 KB
/// and on printable lines; never another exception, never a hang, never a stack overflow.
/// </summary>
/// <remarks>
/// <para><c>MICROGRAD_FUZZ_CASES</c> sets the cases per parser (default <see cref="DefaultCases"/>, what CI runs, a few
/// seconds each); <c>MICROGRAD_FUZZ_SEED</c> sets the seed (default <see cref="DefaultSeed"/>). Case <c>i</c> is drawn
/// from its own state (<see cref="CaseRandom"/>) at size <c>i % 100</c>, so a failure message's seed and case number
/// say which input it was, and a run with that seed replays it.</para>
/// <para>Each case runs on a worker thread and must finish within <see cref="CaseTimeout"/>; one that does not fails
/// the test (a hang or a runaway loop, not a slow machine: cases take microseconds). A stack overflow cannot be
/// caught in .NET: it would end the test run, which fails CI just as loudly.</para>
/// </remarks>
internal static class Fuzz
{
    public const int DefaultCases = 10_000;

    public const ulong DefaultSeed = 20261202;

    /// <summary>The longest a case may run: thousands of times a case's usual time, so that only a hang trips it.</summary>
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The longest message the property allows.</summary>
    public const int MaxMessage = 1024;

    public static int Cases { get; } = Environment.GetEnvironmentVariable("MICROGRAD_FUZZ_CASES") is { Length: > 0 } n
        ? int.Parse(n, NumberStyles.None, CultureInfo.InvariantCulture)
        : DefaultCases;

    public static ulong Seed { get; } = Environment.GetEnvironmentVariable("MICROGRAD_FUZZ_SEED") is { Length: > 0 } s
        ? ulong.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture)
        : DefaultSeed;

    /// <summary>Runs <paramref name="property"/> on <see cref="Cases"/> inputs of <paramref name="generator"/>; the
    /// property returns whether the input parsed (false: refused with the documented exception) and throws for a
    /// violation.</summary>
    /// <param name="parser">The parser's name, for the log and failures.</param>
    /// <param name="describe">The input as a failure shows it (bounded).</param>
    /// <returns>How many inputs parsed.</returns>
    public static int Run<T>(ITestOutputHelper output, string parser, Gen<T> generator, Func<T, string> describe, Func<T, bool> property) =>
        Run(output, parser, generator, describe, property, Cases);

    /// <summary>As <see cref="Run{T}(ITestOutputHelper, string, Gen{T}, Func{T, string}, Func{T, bool})"/>, for
    /// <paramref name="cases"/> cases.</summary>
    public static int Run<T>(ITestOutputHelper output, string parser, Gen<T> generator, Func<T, string> describe, Func<T, bool> property, int cases)
    {
        var parsed = 0;
        for (var i = 0; i < cases; i++)
        {
            var input = generator.Sample(1, CaseRandom(i), i % 100)[0];
            var (finished, result, error) = Bounded(() => property(input));
            if (!finished)
                Fail(parser, i, $"still running after {CaseTimeout.TotalSeconds:0} s", describe(input));
            if (error is not null)
                Fail(parser, i, error.ToString(), describe(input));
            if (result)
                parsed++;
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{parser}: {cases:N0} cases from seed {Seed}: {parsed:N0} parsed, {cases - parsed:N0} refused with the documented exception, none failed."));
        return parsed;
    }

    /// <summary>Case <paramref name="index"/>'s generator state: the seed mixed (SplitMix64's finaliser), so that the
    /// runs of neighbouring seeds share no cases, then the case number.</summary>
    private static Rnd CaseRandom(int index)
    {
        var z = Seed * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return new Rnd((z ^ (z >> 31)) + (ulong)index);
    }

    /// <summary>The property for one call of a parser: it returns, or throws <typeparamref name="TDocumented"/> (exactly
    /// that type, or a subclass) whose message is short and printable.</summary>
    /// <returns>Whether it parsed.</returns>
    public static bool ParsesOrThrows<TDocumented>(Action parse, Func<TDocumented, string>? message = null)
        where TDocumented : Exception
    {
        try
        {
            parse();
            return true;
        }
        catch (TDocumented ex)
        {
            var text = message?.Invoke(ex) ?? ex.Message;
            if (text.Length >= MaxMessage)
                throw new FuzzViolation($"{typeof(TDocumented).Name} message of {text.Length:N0} characters (limit {MaxMessage}): {text[..300]}...");
            foreach (var c in text)
            {
                if (char.IsControl(c) && c != '\n')
                    throw new FuzzViolation($"{typeof(TDocumented).Name} message holds control character U+{(int)c:X4}: {text}");
            }
            return false;
        }
    }

    /// <summary>Runs <paramref name="action"/> on a worker thread for at most <see cref="CaseTimeout"/>: whether it
    /// finished, and what it threw. A worker still running is abandoned (a thread cannot be aborted in .NET) and the
    /// case fails.</summary>
    private static (bool Finished, bool Result, Exception? Error) Bounded(Func<bool> action)
    {
        var task = Task.Run(action);
        try
        {
            return task.Wait(CaseTimeout) ? (true, task.Result, null) : (false, false, null);
        }
        catch (AggregateException ex)
        {
            return (true, false, ex.InnerException ?? ex);
        }
    }

    private static void Fail(string parser, int index, string what, string input) =>
        throw new Xunit.Sdk.XunitException(string.Create(CultureInfo.InvariantCulture,
            $"{parser} fuzz case {index} (MICROGRAD_FUZZ_SEED={Seed}, size {index % 100}) failed: {what}\ninput: {input}"));

    /// <summary>Text for a failure message: at most 2,000 characters, control characters escaped.</summary>
    public static string Show(string text) =>
        text.Length <= 2000 ? Escape(text) : Escape(text[..2000]) + string.Create(CultureInfo.InvariantCulture, $"... ({text.Length:N0} characters)");

    public static string Show(byte[] bytes) =>
        bytes.Length <= 1000 ? Convert.ToHexString(bytes) : Convert.ToHexString(bytes, 0, 1000) + string.Create(CultureInfo.InvariantCulture, $"... ({bytes.Length:N0} bytes)");

    private static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsControl(c))
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else
                sb.Append(c);
        }
        return sb.ToString();
    }
}

/// <summary>A case that broke the fuzzing property (as opposed to an exception the parser threw).</summary>
internal sealed class FuzzViolation(string message) : Exception(message);
