namespace MicroGrad.Tests;

/// <summary>A fact that needs root on Unix (mknod makes private devices): skipped visibly, with the reason, otherwise.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (OperatingSystem.IsWindows())
            Skip = "Unix devices only";
        else if (!Environment.IsPrivilegedProcess)
            Skip = "needs root: mknod makes the private device this test writes to (run the tests as root to cover it)";
    }
}
