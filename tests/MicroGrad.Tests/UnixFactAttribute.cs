namespace MicroGrad.Tests;

/// <summary>A fact about Unix behaviour (file modes): skipped visibly, with the reason, on Windows.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
            Skip = "Unix file modes only";
    }
}
