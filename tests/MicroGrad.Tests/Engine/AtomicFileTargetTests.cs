using System.Diagnostics;

namespace MicroGrad.Tests.Engine;

/// <summary>What AtomicFile does with links, devices, FIFOs, modes and the temporary files of killed runs
/// (issue 15, items 5 and 6): as cp, sort -o and curl -o would.</summary>
public sealed class AtomicFileTargetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("micrograd-targets-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [UnixFact]
    public void A_symlink_chain_stays_a_chain_and_its_final_target_is_replaced()
    {
        var real = Path.Combine(_dir, "real.txt");
        File.WriteAllText(real, "old");
        var first = Path.Combine(_dir, "first");
        var second = Path.Combine(_dir, "second");
        File.CreateSymbolicLink(first, "real.txt");
        File.CreateSymbolicLink(second, "first");

        AtomicFile.WriteAllText(second, "new");

        Assert.Equal("first", new FileInfo(second).LinkTarget);
        Assert.Equal("real.txt", new FileInfo(first).LinkTarget);
        Assert.Equal("new", File.ReadAllText(real));
        Assert.Equal(3, Directory.GetFileSystemEntries(_dir).Length);
    }

    [UnixFact]
    public void A_symlink_into_another_folder_replaces_the_target_there_and_leaves_no_temporary_file()
    {
        var other = Directory.CreateDirectory(Path.Combine(_dir, "other")).FullName;
        var real = Path.Combine(other, "model.json");
        File.WriteAllText(real, "old");
        var link = Path.Combine(_dir, "link.json");
        File.CreateSymbolicLink(link, real);

        AtomicFile.WriteAllText(link, "new");

        Assert.Equal(real, new FileInfo(link).LinkTarget);
        Assert.Equal("new", File.ReadAllText(real));
        Assert.Single(Directory.GetFileSystemEntries(other));
    }

    [UnixFact]
    public void A_dangling_symlink_creates_the_file_it_points_to()
    {
        var link = Path.Combine(_dir, "link.svg");
        File.CreateSymbolicLink(link, "made.svg");

        AtomicFile.WriteAllText(link, "new");

        Assert.Equal("made.svg", new FileInfo(link).LinkTarget);
        Assert.Equal("new", File.ReadAllText(Path.Combine(_dir, "made.svg")));
    }

    [UnixFact]
    public void A_symlink_loop_fails_naming_the_path_given()
    {
        var a = Path.Combine(_dir, "a");
        File.CreateSymbolicLink(a, "b");
        File.CreateSymbolicLink(Path.Combine(_dir, "b"), "a");

        var ex = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(a, "x"));

        Assert.StartsWith($"Cannot write '{a}':", ex.Message, StringComparison.Ordinal);
    }

    [UnixFact]
    public void A_fifo_is_written_directly_and_stays_a_fifo()
    {
        var fifo = SpecialFiles.Fifo(_dir);
        var reader = SpecialFiles.Drain(fifo);

        AtomicFile.WriteAllText(fifo, "through the pipe");

        Assert.True(reader.Wait(TimeSpan.FromSeconds(30)), "the reader never got the end of the content");
        Assert.Equal("through the pipe", System.Text.Encoding.UTF8.GetString(reader.Result));
        Assert.True(SpecialFiles.IsSpecial(fifo));
        Assert.Single(Directory.GetFileSystemEntries(_dir));
    }

    [RootFact]
    public void A_null_device_is_written_directly_and_stays_a_device()
    {
        var device = SpecialFiles.Null(_dir);

        AtomicFile.WriteAllText(device, "gone");

        Assert.True(SpecialFiles.IsSpecial(device));
        Assert.Single(Directory.GetFileSystemEntries(_dir));
    }

    [RootFact]
    public void A_full_device_fails_with_no_space_naming_the_path_and_stays_a_device()
    {
        var device = SpecialFiles.Full(_dir);
        var link = Path.Combine(_dir, "link");
        File.CreateSymbolicLink(link, "full");

        var ex = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(link, "x"));

        Assert.Equal($"Cannot write '{link}': No space left on device.", ex.Message);
        Assert.True(SpecialFiles.IsSpecial(device));
    }

    [UnixFact]
    public void A_folder_is_refused_as_a_folder()
    {
        var ex = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(_dir, "x"));

        Assert.Equal($"Cannot write '{_dir}': it is a folder, not a file.", ex.Message);
    }

    [LinuxFact]
    public void A_folder_that_takes_no_new_files_is_named_not_the_temporary_file()
    {
        var ex = Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllText("/proc/foo", "x"));

        Assert.StartsWith("Cannot write '/proc/foo': ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", ex.Message, StringComparison.Ordinal);
    }

    [UnixFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_replaced_file_keeps_its_mode()
    {
        var path = Path.Combine(_dir, "model.json");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        AtomicFile.WriteAllText(path, "new");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("new", File.ReadAllText(path));
    }

    [RootFact(RootPower.GiveFilesAway)]
    public void A_replaced_file_keeps_its_owner_when_run_as_root()
    {
        var path = Path.Combine(_dir, "model.json");
        File.WriteAllText(path, "old");
        Assert.Equal(0, Tool("chown", "1234:4321", path).Code);

        AtomicFile.WriteAllText(path, "new");

        // ls -n: mode, links, owner id, group id, …
        var fields = Tool("ls", "-ln", path).Out.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(("1234", "4321"), (fields[2], fields[3]));
        Assert.Equal("new", File.ReadAllText(path));
    }

    [UnixFact]
    public void A_dead_process_s_temporary_files_are_removed_and_a_live_one_s_kept()
    {
        var path = Path.Combine(_dir, "model.json");
        var dead = DeadProcessId();
        // Another process that is alive (not this test's own, which the cleanup knows without asking).
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "60"))!;
        try
        {
            var stale = Path.Combine(_dir, $".model.json.micrograd-{dead}-1.tmp");
            var staleOldName = Path.Combine(_dir, $".model.json.{dead}.{Guid.NewGuid():N}.tmp");
            var live = Path.Combine(_dir, $".model.json.micrograd-{sleeper.Id}-1.tmp");
            var otherFile = Path.Combine(_dir, $".other.json.micrograd-{dead}-1.tmp");
            foreach (var temp in new[] { stale, staleOldName, live, otherFile })
            {
                File.WriteAllText(temp, "left behind");
                // Older than the hour under which a dead-looking process's file is kept (it may be another container's).
                File.SetLastWriteTimeUtc(temp, DateTime.UtcNow.AddHours(-2));
            }

            AtomicFile.WriteAllText(path, "new");

            Assert.False(File.Exists(stale));
            Assert.False(File.Exists(staleOldName));
            Assert.True(File.Exists(live));
            Assert.True(File.Exists(otherFile)); // another file's temporary files wait for that file's next write
            Assert.Equal("new", File.ReadAllText(path));
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }

    /// <summary>The id of a process that has exited (and, this soon, not been reused).</summary>
    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true"))!;
        process.WaitForExit();
        return process.Id;
    }

    private static (int Code, string Out) Tool(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
