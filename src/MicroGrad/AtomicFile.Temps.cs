using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MicroGrad;

// Temporary files: named .NAME.micrograd-PID-N.tmp beside the target, so that one left by a killed process is known
// by its name and removed once that process is gone; failures name the caller's path, not the temporary file.
public static partial class AtomicFile
{
    private static int _tempCount;

    internal static (string Path, FileStream Stream) CreateTemp(string path, Target target)
    {
        var folder = Path.GetDirectoryName(target.Path)!;
        var name = Path.GetFileName(target.Path);
        RemoveStaleTemps(folder, name);
        var n = Interlocked.Increment(ref _tempCount);
        var temp = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $".{name}.micrograd-{Environment.ProcessId}-{n}.tmp"));
        try
        {
            return (temp, new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            MicroGradThrow.IO_Output(path, ex);
            throw;
        }
    }

    /// <summary>Deletes NAME's temporary files whose process no longer runs: this naming's, and the
    /// <c>.NAME.PID.GUID.tmp</c> of versions before it. A live process's file is never touched.</summary>
    private static void RemoveStaleTemps(string folder, string name)
    {
        var pattern = new Regex($@"^\.{Regex.Escape(name)}\.(?:micrograd-(?<pid>\d{{1,9}})-\d+|(?<pid>\d{{1,9}})\.[0-9a-f]{{32}})\.tmp$",
            RegexOptions.CultureInvariant);
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(folder, $".{name}.*.tmp");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return; // an unlistable folder: writing will say what is wrong
        }
        foreach (var candidate in candidates)
        {
            var match = pattern.Match(Path.GetFileName(candidate));
            if (match.Success && !IsRunning(int.Parse(match.Groups["pid"].ValueSpan, CultureInfo.InvariantCulture)))
                DeleteQuietly(candidate);
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
            return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    internal static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind; the next write of the same file removes it once this process has gone.
        }
    }

    /// <summary>The temporary file's stream, whose write failures (a full disk) name the caller's path: the temporary
    /// file's name would mean nothing to a user.</summary>
    internal sealed class TempStream(string path, FileStream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Write(byte[] buffer, int offset, int count) => Guard(() => inner.Write(buffer, offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            try
            {
                inner.Write(buffer);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                MicroGradThrow.IO_Output(path, ex);
            }
        }

        public override void WriteByte(byte value) => Guard(() => inner.WriteByte(value));

        public override void Flush() => Guard(inner.Flush);

        public void Flush(bool flushToDisk) => Guard(() => inner.Flush(flushToDisk));

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => inner.SetLength(value);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                Guard(inner.Dispose);
            base.Dispose(disposing);
        }

        private void Guard(Action action)
        {
            try
            {
                action();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                MicroGradThrow.IO_Output(path, ex);
            }
        }
    }
}
