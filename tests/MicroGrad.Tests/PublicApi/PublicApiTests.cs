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
        }).ReplaceLineEndings("\n");
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
}
