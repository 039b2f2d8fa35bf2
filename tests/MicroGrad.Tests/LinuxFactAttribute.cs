namespace MicroGrad.Tests;

/// <summary>A fact about Linux (its /proc): skipped visibly, with the reason, elsewhere.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
            Skip = "Linux's /proc only";
    }
}
