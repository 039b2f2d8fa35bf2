namespace MicroGrad.Tests.Engine;

public class AtomicFileTests
{
    [Fact]
    public void Null_content_is_refused_and_leaves_the_old_file()
    {
        var folder = Directory.CreateTempSubdirectory("micrograd-atomic-").FullName;
        var path = Path.Combine(folder, "out.txt");
        File.WriteAllText(path, "old");

        Assert.Throws<ArgumentNullException>(() => AtomicFile.WriteAllBytes(path, null!));
        Assert.Throws<ArgumentNullException>(() => AtomicFile.WriteAllText(path, null!));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void A_failed_write_leaves_the_old_file_and_no_temporary_file()
    {
        var folder = Directory.CreateTempSubdirectory("micrograd-atomic-").FullName;
        var path = Path.Combine(folder, "out.txt");
        File.WriteAllText(path, "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.WriteByte((byte)'n');
            throw new InvalidOperationException("crash halfway");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder));
        Directory.Delete(folder, true);
    }

    [Fact]
    public void A_successful_write_replaces_the_file()
    {
        var folder = Directory.CreateTempSubdirectory("micrograd-atomic-").FullName;
        var path = Path.Combine(folder, "out.txt");
        File.WriteAllText(path, "old");

        AtomicFile.WriteAllText(path, "new");

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder));
        Directory.Delete(folder, true);
    }

    [Fact]
    public void A_missing_folder_is_named_in_the_error()
    {
        var ex = Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.WriteAllText("/nonexistent-folder/x.txt", "x"));
        Assert.Contains("/nonexistent-folder", ex.Message, StringComparison.Ordinal);
    }
}
