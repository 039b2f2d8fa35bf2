using System.Diagnostics;
using System.Net.Sockets;

namespace MicroGrad.Tests.Engine;

/// <summary>Review findings on AtomicFile: symlinks the kernel would refuse to follow, the temporary file's mode from
/// its creation, long file names, one file written twice in a group, sockets, bounded echoes and the stat shim.</summary>
public sealed class AtomicFileHardeningTests : IDisposable
{
    private const string Refusal = "refusing to follow a symlink owned by another user in a sticky world-writable folder";

    private readonly string _dir = Directory.CreateTempSubdirectory("micrograd-hardening-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [RootFact(RootPower.GiveFilesAway)]
    public void A_symlink_owned_by_another_user_in_a_sticky_world_writable_folder_is_refused_and_its_target_left()
    {
        var (link, target) = LinkInStickyFolder(owner: "65534");

        var ex = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(link, "new"));

        Assert.StartsWith($"Cannot write '{link}': ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Refusal, ex.Message, StringComparison.Ordinal);
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp", SearchOption.AllDirectories));
    }

    [RootFact(RootPower.GiveFilesAway)]
    public void A_symlink_owned_by_the_writer_in_a_sticky_world_writable_folder_is_followed()
    {
        var (link, target) = LinkInStickyFolder(owner: "0");

        AtomicFile.WriteAllText(link, "new");

        Assert.Equal("new", File.ReadAllText(target));
        Assert.NotNull(new FileInfo(link).LinkTarget);
    }

    [UnixFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_temporary_file_has_the_target_s_mode_while_it_is_written()
    {
        var path = Path.Combine(_dir, "model.json");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        UnixFileMode? seen = null;

        AtomicFile.Write(path, s =>
        {
            seen = File.GetUnixFileMode(Directory.GetFiles(_dir, ".model.json.micrograd-*.tmp").Single());
            s.Write("new"u8);
        });

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, seen);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("new", File.ReadAllText(path));
    }

    [UnixFact]
    public void A_dead_process_s_temporary_file_younger_than_an_hour_is_kept()
    {
        // Process ids are per PID namespace: a live writer in another container sharing the folder may look dead here.
        var young = Path.Combine(_dir, $".model.json.micrograd-{DeadProcessId()}-1.tmp");
        File.WriteAllText(young, "maybe still being written");

        AtomicFile.WriteAllText(Path.Combine(_dir, "model.json"), "new");

        Assert.True(File.Exists(young));
    }

    [UnixFact]
    public void A_244_character_file_name_is_written_and_leaves_no_temporary_file()
    {
        var name = new string('m', 239) + ".json";
        var path = Path.Combine(_dir, name);

        AtomicFile.WriteAllText(path, "new");

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal([name], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [UnixFact]
    public void A_long_name_s_stale_temporary_file_is_recognised_and_removed()
    {
        // 125 characters but 245 UTF-8 bytes: a valid name whose temporary file's name would not fit uncut.
        var path = Path.Combine(_dir, new string('é', 120) + ".json");
        string? temp = null;
        AtomicFile.Write(path, s => temp = Directory.GetFiles(_dir, "*.tmp").Single());
        var stale = temp!.Replace($"-{Environment.ProcessId}-", $"-{DeadProcessId()}-", StringComparison.Ordinal);
        File.WriteAllText(stale, "left behind");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-2));

        AtomicFile.WriteAllText(path, "new");

        Assert.False(File.Exists(stale));
        Assert.Equal("new", File.ReadAllText(path));
    }

    [UnixFact]
    public void A_file_name_too_long_is_named_as_given_and_the_message_ends_with_one_period()
    {
        var path = Path.Combine(_dir, new string('m', 300));

        var ex = Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllText(path, "x"));

        Assert.StartsWith("Cannot write '", ex.Message, StringComparison.Ordinal);
        Assert.Contains("file name too long", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.Message.EndsWith("..", StringComparison.Ordinal), ex.Message);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [UnixFact]
    public void A_group_refuses_a_file_it_already_holds_even_through_a_symlink_and_names_both_paths()
    {
        var path = Path.Combine(_dir, "model.json");
        File.WriteAllText(path, "old");
        var link = Path.Combine(_dir, "link.json");
        File.CreateSymbolicLink(link, "model.json");
        using (var group = new AtomicFileGroup())
        {
            group.WriteAllText(path, "model");

            var same = Assert.Throws<IOException>(() => group.WriteAllText(path, "log"));
            var linked = Assert.Throws<IOException>(() => group.WriteAllText(link, "log"));

            Assert.Contains($"'{path}'", same.Message, StringComparison.Ordinal);
            Assert.Contains($"'{link}'", linked.Message, StringComparison.Ordinal);
            Assert.Contains($"'{path}'", linked.Message, StringComparison.Ordinal);
        }
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    /// <summary>Second review: a/m.json and b/m.json are one file when the folder b links to a (the check compared the
    /// resolved path text, which follows only the last component's links).</summary>
    [UnixFact]
    public void A_group_refuses_a_file_it_already_holds_through_a_linked_folder()
    {
        var real = Directory.CreateDirectory(Path.Combine(_dir, "a")).FullName;
        var linked = Path.Combine(_dir, "b");
        Directory.CreateSymbolicLink(linked, "a");
        File.WriteAllText(Path.Combine(real, "m.json"), "old");
        using (var group = new AtomicFileGroup())
        {
            group.WriteAllText(Path.Combine(real, "m.json"), "model");
            var ex = Assert.Throws<IOException>(() => group.WriteAllText(Path.Combine(linked, "m.json"), "log"));
            Assert.Contains(Path.Combine(linked, "m.json"), ex.Message, StringComparison.Ordinal);
        }
        Assert.Equal("old", File.ReadAllText(Path.Combine(real, "m.json")));
    }

    [UnixFact]
    public void A_socket_is_refused_as_a_socket()
    {
        var path = Path.Combine(_dir, "socket");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));

        var ex = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(path, "x"));

        Assert.StartsWith($"Cannot write '{path}': it is a socket", ex.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(path));
    }

    [UnixFact]
    public void A_path_with_control_characters_is_echoed_escaped_on_one_line()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "a\nb\u001b[31m")).FullName;

        var ex = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(folder, "x"));

        Assert.DoesNotContain('\n', ex.Message);
        Assert.DoesNotContain('\u001b', ex.Message);
        Assert.Contains("a\\nb\\u001B[31m", ex.Message, StringComparison.Ordinal);
    }

    [UnixFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_stat_shim_reports_a_regular_file_s_type_and_mode()
    {
        // System.Native's FileStatus is read by layout: a runtime that changed it must fail here, not mis-set modes.
        var path = Path.Combine(_dir, "model.json");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var target = AtomicFile.Resolve(path);

        Assert.Equal(AtomicFile.TargetKind.Regular, target.Kind);
        Assert.Equal(0x8000, target.Status.Mode & 0xF000);
        Assert.Equal(Convert.ToInt32("640", 8), target.Status.Mode & 0xFFF);
        Assert.Equal(uint.Parse(Tool("id", "-u").Trim(), System.Globalization.CultureInfo.InvariantCulture), target.Status.Uid);
    }

    /// <summary>A root-owned file "old" and a link to it in a sticky, world-writable folder, the link owned by
    /// <paramref name="owner"/> (the folder is root's).</summary>
    private (string Link, string Target) LinkInStickyFolder(string owner)
    {
        var target = Path.Combine(_dir, "target.json");
        File.WriteAllText(target, "old");
        var sticky = Directory.CreateDirectory(Path.Combine(_dir, "tmp")).FullName;
        Assert.Equal("", Tool("chmod", "1777", sticky));
        var link = Path.Combine(sticky, "model.json");
        File.CreateSymbolicLink(link, target);
        Assert.Equal("", Tool("chown", "-h", owner, link));
        return (link, target);
    }

    /// <summary>The id of a process that has exited (and, this soon, not been reused).</summary>
    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true"))!;
        process.WaitForExit();
        return process.Id;
    }

    private static string Tool(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
