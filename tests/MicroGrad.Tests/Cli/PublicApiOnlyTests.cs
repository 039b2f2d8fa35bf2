using System.Runtime.CompilerServices;

namespace MicroGrad.Tests.Cli;

/// <summary>The CLI is the library's first outside user (issue 9, point 5): what it needs, every user gets.</summary>
public class PublicApiOnlyTests
{
    [Fact]
    public void The_library_shows_its_internals_to_tests_and_benchmarks_only()
    {
        var friends = typeof(Value).Assembly.GetCustomAttributes(typeof(InternalsVisibleToAttribute), inherit: false)
            .Cast<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).Order(StringComparer.Ordinal);
        Assert.Equal(["MicroGrad.Benchmarks", "MicroGrad.Tests"], friends);
    }
}
