using System.Runtime.InteropServices;

namespace MicroGrad;

// What a path names (a regular file, nothing yet, a device or FIFO, a folder) once its symlinks are followed (each
// checked as the kernel's fs.protected_symlinks would), and the direct write of a device or FIFO.
public static partial class AtomicFile
{
    internal enum TargetKind
    {
        /// <summary>No file yet: created by temporary file and rename.</summary>
        Missing,

        /// <summary>A regular file: replaced by temporary file and rename, keeping its mode and owner.</summary>
        Regular,

        /// <summary>A character or block device or a FIFO: opened and written, never replaced.</summary>
        Direct,
    }

    /// <param name="Path">The end of the symlink chain (the path itself when it is no link).</param>
    /// <param name="Kind">How it is written.</param>
    /// <param name="Status">Its mode and owner (Unix, when it exists).</param>
    internal readonly record struct Target(string Path, TargetKind Kind, UnixStatus Status);

    /// <summary><paramref name="fullPath"/> with every link among its folders followed (its own name left as it is), so
    /// that two paths to one file through linked folders compare equal.</summary>
    internal static string WithFoldersResolved(string fullPath)
    {
        var folder = Path.GetDirectoryName(fullPath);
        if (folder is null)
            return fullPath;
        var resolved = Path.GetPathRoot(folder)!;
        foreach (var part in folder[resolved.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            resolved = Path.Combine(resolved, part);
            try
            {
                if (new DirectoryInfo(resolved).LinkTarget is not null)
                    resolved = Directory.ResolveLinkTarget(resolved, returnFinalTarget: true)?.FullName ?? resolved;
            }
            catch (IOException)
            {
                // A loop or an unreadable link: compared as written (writing through it fails on its own).
            }
        }
        return Path.Combine(resolved, Path.GetFileName(fullPath));
    }

    internal static Target Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var final = OperatingSystem.IsWindows() ? FollowLinks(path, full) : FollowLinksAsTheKernelWould(path, full);
        var folder = Path.GetDirectoryName(final)!;
        if (!Directory.Exists(folder))
            MicroGradThrow.DirectoryNotFound_Output(path, folder);
        if (Directory.Exists(final))
            MicroGradThrow.IO_OutputIsFolder(path);
        if (OperatingSystem.IsWindows())
            return new Target(final, File.Exists(final) ? TargetKind.Regular : TargetKind.Missing, default);
        if (Native.Stat(final, out var status) != 0)
            return new Target(final, TargetKind.Missing, default);
        return (status.Mode & UnixStatus.TypeMask) switch
        {
            UnixStatus.Regular => new Target(final, TargetKind.Regular, status),
            // open(2) refuses a socket (ENXIO): say what it is rather than "no such device or address".
            UnixStatus.Socket => Refuse(path),
            _ => new Target(final, TargetKind.Direct, status),
        };

        static Target Refuse(string path)
        {
            MicroGradThrow.IO_OutputNotSupported(path);
            return default;
        }
    }

    private static string FollowLinks(string path, string full)
    {
        try
        {
            // Null when the path is no link (or does not exist); a dangling link resolves to the file it names.
            return new FileInfo(full).LinkTarget is null ? full : File.ResolveLinkTarget(full, returnFinalTarget: true)!.FullName;
        }
        catch (IOException ex)
        {
            MicroGradThrow.IO_Output(path, ex); // a loop: too many levels of symbolic links
            throw;
        }
    }

    /// <summary>The end of <paramref name="full"/>'s symlink chain, each link checked before it is followed as Linux's
    /// <c>fs.protected_symlinks</c> would: the temporary file is renamed onto the end of the chain, which the kernel
    /// never sees as a link, so a link planted in a shared folder like <c>/tmp</c> by another user must be refused here
    /// or it would redirect the write to any file the writer may replace.</summary>
    private static string FollowLinksAsTheKernelWould(string path, string full)
    {
        const int MaxLinks = 40; // Linux's limit (MAXSYMLINKS) before ELOOP
        var current = full;
        for (var links = 0; ; links++)
        {
            if (Native.LStat(current, out var link) != 0 || (link.Mode & UnixStatus.TypeMask) != UnixStatus.Link)
                return current; // no link: a file, a folder or nothing yet
            if (links == MaxLinks)
                MicroGradThrow.IO_Output(path, new IOException("too many levels of symbolic links", 40)); // ELOOP
            var folder = Path.GetDirectoryName(current)!;
            if (Native.Stat(folder, out var parent) == 0 && (parent.Mode & StickyAndWorldWritable) == StickyAndWorldWritable
                && link.Uid != Native.GetEffectiveUserId() && link.Uid != parent.Uid)
            {
                MicroGradThrow.IO_OutputForeignSymlink(path, current);
            }
            string? text;
            try
            {
                text = new FileInfo(current).LinkTarget;
            }
            catch (IOException ex)
            {
                MicroGradThrow.IO_Output(path, ex);
                throw;
            }
            if (text is null)
                return current; // replaced by a file between the two calls
            current = Path.GetFullPath(text, folder);
        }
    }

    private const int StickyAndWorldWritable = 0x200 | 0x2; // S_ISVTX | S_IWOTH

    /// <summary>Gives the temporary file the replaced file's mode, and its owner where the process may (as root);
    /// otherwise the new file is owned by whoever writes it, as with <c>cp</c> onto a file it then replaces.</summary>
    internal static void KeepModeAndOwner(Target target, string temp)
    {
        if (target.Kind != TargetKind.Regular || OperatingSystem.IsWindows())
            return;
        // Owner first: chown clears the set-user-ID and set-group-ID bits that the mode then restores. Its failure
        // (not root, or a libc the runtime cannot load under that name) leaves the writer as the owner, as cp does.
        try
        {
            _ = Native.Chown(temp, target.Status.Uid, target.Status.Gid);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
        }
        File.SetUnixFileMode(temp, (UnixFileMode)(target.Status.Mode & 0xFFF));
    }

    /// <summary>How a temporary file is created: with a regular target's permission bits from the start (the umask
    /// may only narrow them), so a mode-600 model is never readable by others while it is written; set-user-ID and
    /// the other special bits wait for <see cref="KeepModeAndOwner"/>, after the owner is set.</summary>
    internal static FileStreamOptions TempOptions(Target target)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (target.Kind == TargetKind.Regular && !OperatingSystem.IsWindows())
            options.UnixCreateMode = (UnixFileMode)(target.Status.Mode & 0x1FF);
        return options;
    }

    internal static void WriteDirect(string path, string target, byte[] content)
    {
        try
        {
            // FileMode.Open: no O_TRUNC, no O_CREAT; FileShare.ReadWrite: no advisory lock on a shared device.
            using var stream = new FileStream(target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            stream.Write(content);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            MicroGradThrow.IO_Output(path, ex);
        }
    }

    /// <summary>The head of the runtime's own <c>stat</c> result (System.Native's <c>FileStatus</c>, the same layout on
    /// every Unix, unlike libc's <c>struct stat</c>); sized well beyond the whole struct, which the call fills.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 512)]
    internal struct UnixStatus
    {
        public const int TypeMask = 0xF000; // S_IFMT
        public const int Regular = 0x8000;  // S_IFREG
        public const int Link = 0xA000;     // S_IFLNK
        public const int Socket = 0xC000;   // S_IFSOCK

        public int Flags;
        public int Mode;
        public uint Uid;
        public uint Gid;
        public long Size;
        public long ATime, ATimeNsec, MTime, MTimeNsec, CTime, CTimeNsec, BirthTime, BirthTimeNsec;
        public long Dev;
        public long RDev;
        public long Ino;
    }

    /// <summary>
    /// True when <paramref name="path"/> and <paramref name="other"/> name one existing regular file once links are
    /// followed (the same device and inode on Unix, so a hard link counts too; the same resolved path on Windows): a
    /// tool checks with it, before any work, that an output would not replace one of its inputs. False when either
    /// does not exist or is not a regular file (a FIFO, a device, standard input and output are never "the same file").
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="other"/> is null.</exception>
    public static bool IsSameFile(string path, string other)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(other);
        if (path.Length == 0 || other.Length == 0)
            return false;
        if (OperatingSystem.IsWindows())
        {
            if (!File.Exists(path) || !File.Exists(other))
                return false;
            try
            {
                return string.Equals(FollowLinks(path, Path.GetFullPath(path)), FollowLinks(other, Path.GetFullPath(other)),
                    StringComparison.OrdinalIgnoreCase);
            }
            catch (IOException)
            {
                return false; // a link loop: writing through it fails on its own
            }
        }
        return Native.Stat(path, out var a) == 0 && Native.Stat(other, out var b) == 0
            && (a.Mode & UnixStatus.TypeMask) == UnixStatus.Regular && (b.Mode & UnixStatus.TypeMask) == UnixStatus.Regular
            && a.Dev == b.Dev && a.Ino == b.Ino;
    }

    private static partial class Native
    {
        /// <summary>stat(2) through the runtime's shim: follows links; 0 on success.</summary>
        [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Stat(string path, out UnixStatus status);

        /// <summary>lstat(2) through the runtime's shim: the link itself; 0 on success.</summary>
        [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_LStat", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int LStat(string path, out UnixStatus status);

        [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_GetEUid")]
        internal static partial uint GetEffectiveUserId();

        [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Chown(string path, uint owner, uint group);
    }
}
