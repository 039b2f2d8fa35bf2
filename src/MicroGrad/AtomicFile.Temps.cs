using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace MicroGrad;

// Temporary files: named .NAME.micrograd-PID-N.tmp beside the target, so that one left by a killed process is known
// by its name and removed once that process is gone; failures name the caller's path, not the temporary file.
public static partial class AtomicFile
{
    private static int _tempCount;

    /// <summary>A dead-looking process's temporary file younger than this is kept: process ids are per PID namespace,
    /// so a live writer in another container (or on another host sharing the folder) may look dead here.</summary>
    private static readonly TimeSpan StaleAge = TimeSpan.FromHours(1);

    /// <summary>The most UTF-8 bytes of the target's name kept in its temporary file's name: the rest of that name
    /// (<c>.</c>, <c>~</c> and a hash, <c>.micrograd-PID-N.tmp</c>) stays well within NAME_MAX (255 bytes).</summary>
    private const int NameBytesInTemp = 100;

    internal static (string Path, FileStream Stream) CreateTemp(string path, Target target)
    {
        var folder = Path.GetDirectoryName(target.Path)!;
        var name = Path.GetFileName(target.Path);
        var shortName = TempName(name);
        RemoveStaleTemps(folder, name, shortName);
        var n = Interlocked.Increment(ref _tempCount);
        var temp = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $".{shortName}.micrograd-{Environment.ProcessId}-{n}.tmp"));
        try
        {
            return (temp, new FileStream(temp, TempOptions(target)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            MicroGradThrow.IO_Output(path, ex);
            throw;
        }
    }

    /// <summary>NAME as its temporary file's name holds it: whole when it is at most <see cref="NameBytesInTemp"/>
    /// UTF-8 bytes, else its longest prefix within them (whole characters), <c>~</c> and 8 hex digits of a hash of the
    /// whole name, so that a valid long name still has a valid temporary name and its stale ones are still known.</summary>
    internal static string TempName(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) <= NameBytesInTemp)
            return name;
        var keep = 0;
        var bytes = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > NameBytesInTemp)
                break;
            bytes += rune.Utf8SequenceLength;
            keep += rune.Utf16SequenceLength;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return string.Concat(name.AsSpan(0, keep), "~", Convert.ToHexStringLower(hash.AsSpan(0, 4)));
    }

    /// <summary>Deletes NAME's temporary files whose process no longer runs and that were last written over an hour
    /// ago: this naming's (NAME shortened as <see cref="TempName"/> does), and the <c>.NAME.PID.GUID.tmp</c> of
    /// versions before it. A live process's file is never touched, nor one whose process cannot be checked.</summary>
    private static void RemoveStaleTemps(string folder, string name, string shortName)
    {
        var pattern = new Regex($@"^\.(?:{Regex.Escape(shortName)}\.micrograd-(?<pid>\d{{1,9}})-\d+|{Regex.Escape(name)}\.(?<pid>\d{{1,9}})\.[0-9a-f]{{32}})\.tmp$",
            RegexOptions.CultureInvariant);
        IEnumerable<string> candidates;
        try
        {
            // Every *.tmp, matched by the pattern: a glob built from NAME would read its '*' and '?' as wildcards.
            candidates = Directory.EnumerateFiles(folder, "*.tmp");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return; // an unlistable folder: writing will say what is wrong
        }
        try
        {
            foreach (var candidate in candidates)
            {
                var match = pattern.Match(Path.GetFileName(candidate));
                if (match.Success && !IsRunning(int.Parse(match.Groups["pid"].ValueSpan, CultureInfo.InvariantCulture))
                    && DateTime.UtcNow - File.GetLastWriteTimeUtc(candidate) > StaleAge)
                {
                    DeleteQuietly(candidate);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The folder changed or became unreadable while listed: the rest waits for the next write.
        }
    }

    /// <summary>False only when the process is known to be gone; any doubt (an unexpected failure to look) is "running".</summary>
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
        catch (Exception)
        {
            return true;
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

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

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
