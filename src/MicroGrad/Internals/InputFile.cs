namespace MicroGrad;

/// <summary>The check before reading a file the user named: a missing file and a directory fail the same way (a
/// <see cref="FileNotFoundException"/>), each in its own words, rather than a directory passing for missing or
/// failing as "access denied".</summary>
internal static class InputFile
{
    /// <param name="path">The file to read.</param>
    /// <param name="what">What the file is, for the message ("Data file", "Model file").</param>
    public static void Require(string path, string what)
    {
        if (Directory.Exists(path))
            MicroGradThrow.FileNotFound_Directory(what, path);
        if (!File.Exists(path))
            MicroGradThrow.FileNotFound_Missing(what, path);
    }
}
