namespace MicroGrad.Tests.Engine;

/// <summary>Several outputs replaced together or not at all (issue 15, item 6).</summary>
public sealed class AtomicFileGroupTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("micrograd-group-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Nothing_is_replaced_before_commit_and_everything_after()
    {
        var (a, b) = (Old("a.json"), Old("b.jsonl"));
        using var group = new AtomicFileGroup();
        group.WriteAllText(a, "new a");
        group.WriteAllBytes(b, "new b"u8.ToArray());

        Assert.Equal("old", File.ReadAllText(a));
        Assert.Equal("old", File.ReadAllText(b));
        group.Commit();

        Assert.Equal("new a", File.ReadAllText(a));
        Assert.Equal("new b", File.ReadAllText(b));
        Assert.Equal(2, Directory.GetFiles(_dir).Length);
    }

    [Fact]
    public void A_group_disposed_without_commit_leaves_every_file_and_no_temporary_file()
    {
        var (a, b) = (Old("a.json"), Old("b.jsonl"));
        using (var group = new AtomicFileGroup())
        {
            group.WriteAllText(a, "new a");
            group.WriteAllText(b, "new b");
        }

        Assert.Equal("old", File.ReadAllText(a));
        Assert.Equal("old", File.ReadAllText(b));
        Assert.Equal(2, Directory.GetFiles(_dir).Length);
    }

    [Fact]
    public void A_later_write_failing_leaves_the_earlier_files_as_they_were()
    {
        var a = Old("a.json");
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "b.png")).FullName;
        var group = new AtomicFileGroup();
        group.WriteAllText(a, "new a");

        Assert.Throws<IOException>(() => group.WriteAllText(folder, "new b"));
        group.Dispose();

        Assert.Equal("old", File.ReadAllText(a));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void A_committed_group_takes_no_more_files()
    {
        using var group = new AtomicFileGroup();
        group.Commit();

        Assert.Throws<InvalidOperationException>(() => group.WriteAllText(Path.Combine(_dir, "x"), "x"));
        Assert.Throws<InvalidOperationException>(group.Commit);
    }

    [RootFact]
    public void A_full_device_fails_the_commit_before_any_file_is_replaced()
    {
        var a = Old("a.json");
        var full = SpecialFiles.Full(_dir);
        using var group = new AtomicFileGroup();
        group.WriteAllText(a, "new a");
        group.WriteAllText(full, "x");

        Assert.Throws<IOException>(group.Commit);
        group.Dispose();

        Assert.Equal("old", File.ReadAllText(a));
        Assert.Equal(2, Directory.GetFileSystemEntries(_dir).Length);
    }

    private string Old(string name)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, "old");
        return path;
    }
}
