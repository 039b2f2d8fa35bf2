using System.Runtime.InteropServices;

namespace MicroGrad;

// What a path names (a regular file, nothing yet, a device or FIFO, a folder) once its symlinks are followed, and the
// direct write of a device or FIFO.
public static partial class AtomicFile
{
    internal enum TargetKind
    {
        /// <summary>No file yet: created by temporary file and rename.</summary>
        Missing,

        /// <summary>A regular file: replaced by temporary file and rename, keeping its mode and owner.</summary>
        Regular,

        /// <summary>A character or block device, a FIFO or a socket: opened and written, never replaced.</summary>
        Direct,
    }

    /// <param name="Path">The end of the symlink chain (the path itself when it is no link).</param>
    /// <param name="Kind">How it is written.</param>
    /// <param name="Status">Its mode and owner (Unix, when it exists).</param>
    internal readonly record struct Target(string Path, TargetKind Kind, UnixStatus Status);

    internal static Target Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        string final;
        try
        {
            // Null when the path is no link (or does not exist); a dangling link resolves to the file it names.
            final = new FileInfo(full).LinkTarget is null ? full : File.ResolveLinkTarget(full, returnFinalTarget: true)!.FullName;
        }
        catch (IOException ex)
        {
            MicroGradThrow.IO_Output(path, ex); // a loop: too many levels of symbolic links
            throw;
        }
        var folder = Path.GetDirectoryName(final)!;
        if (!Directory.Exists(folder))
            MicroGradThrow.DirectoryNotFound_Output(path, folder);
        if (Directory.Exists(final))
            MicroGradThrow.IO_OutputIsFolder(path);
        if (OperatingSystem.IsWindows())
            return new Target(final, File.Exists(final) ? TargetKind.Regular : TargetKind.Missing, default);
        if (Native.Stat(final, out var status) != 0)
            return new Target(final, TargetKind.Missing, default);
        return new Target(final, (status.Mode & UnixStatus.TypeMask) == UnixStatus.Regular ? TargetKind.Regular : TargetKind.Direct, status);
    }

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

        public int Flags;
        public int Mode;
        public uint Uid;
        public uint Gid;
    }

    private static partial class Native
    {
        /// <summary>stat(2) through the runtime's shim: follows links; 0 on success.</summary>
        [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Stat(string path, out UnixStatus status);

        [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Chown(string path, uint owner, uint group);
    }
}
