using PublicApiGenerator;

namespace MicroGrad.Tests.PublicApi;

/// <summary>
/// The public API of the MicroGrad library, as PublicApiGenerator writes it, is pinned in
/// <c>tests/MicroGrad.Tests/PublicApi/MicroGrad.approved.txt</c>, so an API change is a visible diff in review.
/// <para>After an intended change, approve the new API (then review and commit the file):
/// <c>MICROGRAD_APPROVE=1 dotnet test --filter FullyQualifiedName~PublicApiTests</c>.</para>
/// </summary>
public class PublicApiTests
{
    private const string ApproveVariable = "MICROGRAD_APPROVE";

    [Fact]
    public void The_public_api_is_the_approved_one()
    {
        var api = typeof(Value).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            // The target framework is a build setting, not API.
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute"],
        }).ReplaceLineEndings("\n") + ArraysOfRankAboveOne(typeof(Value).Assembly);
        var folder = Path.GetDirectoryName(Repository.PathOf("tests/MicroGrad.Tests/PublicApi/PublicApiTests.cs"))!;
        var approvedPath = Path.Combine(folder, "MicroGrad.approved.txt");
        var receivedPath = Path.Combine(folder, "MicroGrad.received.txt");

        if (Environment.GetEnvironmentVariable(ApproveVariable) == "1")
        {
            File.WriteAllText(approvedPath, api);
            File.Delete(receivedPath);
            return;
        }
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : "";
        if (approved == api)
        {
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, api);
        var (was, now) = (approved.Split('\n'), api.Split('\n'));
        var line = 0;
        while (line < was.Length && line < now.Length && was[line] == now[line])
            line++;
        Assert.Fail($"The public API differs from {approvedPath} from line {line + 1}: approved " +
            $"'{(line < was.Length ? was[line].Trim() : "(end)")}', now '{(line < now.Length ? now[line].Trim() : "(end)")}'. " +
            $"See: diff {approvedPath} {receivedPath}. If the change is intended: {ApproveVariable}=1 dotnet test --filter FullyQualifiedName~PublicApiTests");
    }

    // PublicApiGenerator writes double[,] as double[], so a change of rank would pass unseen: the members whose
    // signature holds an array of rank 2 or more are listed after the API, with their real types.
    private static string ArraysOfRankAboveOne(System.Reflection.Assembly assembly)
    {
        const System.Reflection.BindingFlags Declared = System.Reflection.BindingFlags.Public
            | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static
            | System.Reflection.BindingFlags.DeclaredOnly;
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            foreach (var member in type.GetMembers(Declared).OrderBy(m => m.ToString(), StringComparer.Ordinal))
            {
                var types = member switch
                {
                    System.Reflection.MethodBase m => m.GetParameters().Select(p => p.ParameterType)
                        .Append(m is System.Reflection.MethodInfo info ? info.ReturnType : typeof(void)),
                    System.Reflection.PropertyInfo p => [p.PropertyType],
                    System.Reflection.FieldInfo f => [f.FieldType],
                    _ => [],
                };
                if (types.Any(HoldsArrayOfRankAboveOne))
                    lines.Add($"{type.FullName}: {member}");
            }
        }
        return "\n// Members with arrays of rank 2 or more (written above as rank 1):\n" + string.Concat(lines.Select(l => "// " + l + "\n"));
    }

    private static bool HoldsArrayOfRankAboveOne(Type type) =>
        type.IsArray && (type.GetArrayRank() > 1 || HoldsArrayOfRankAboveOne(type.GetElementType()!))
        || type.IsGenericType && type.GetGenericArguments().Any(HoldsArrayOfRankAboveOne);
}
