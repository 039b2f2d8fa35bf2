using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Security.Cryptography;
using System.Text;

namespace MicroGrad.Data;

/// <summary>
/// A binary copy of a CSV file's selected numeric columns, written once by the first streaming parse
/// (<see cref="CsvData.ReadChunks"/>) and memory-mapped afterwards, so that an iterative solver reads doubles at
/// memory speed instead of parsing text on every pass.
/// </summary>
/// <remarks>
/// <para>Location: <c>{folder}/{csv name}-{hash}.mgcache</c>, the hash (SHA-256, 16 hex digits) taken over the CSV's
/// full path and the selected columns; the folder defaults to the user's own cache folder (see
/// <see cref="DefaultFolder"/>), created readable by its owner only, so another user cannot plant a cache.</para>
/// <para>Layout (little-endian, native doubles): a header — magic <c>MGCACHE\0</c>, format version, data offset,
/// rows, width (k features + the target), rows per block, the key (full path, size, last-write time in UTC ticks,
/// target, features) and the column names — padded to a 4,096-byte boundary, then blocks of
/// <see cref="BlockRows"/> rows (the last one shorter), each block holding its rows' k features row-major followed
/// by its targets. That is the layout of the fused kernel's arguments (X and y as two spans), so a block is
/// consumed where it lies in the mapping, with no copy.</para>
/// <para>Trust: the file is written to a temporary name and renamed into place (never seen half-written); on open
/// the magic, version, key (so a CSV changed since — size or time — is detected), geometry, names and the exact file
/// length are validated, and any mismatch rebuilds the cache from the CSV. The doubles themselves carry no
/// checksum (verifying one would cost a full pass per open).</para>
/// <para>Memory: the data is mapped in windows of at most <see cref="WindowBytes"/> (whole blocks); moving past a
/// window unmaps it, so the resident set stays bounded however large the file. When the whole file fits in one
/// window the mapping is kept for the life of the object (no page faults after the first pass).</para>
/// </remarks>
internal sealed unsafe partial class BinaryMatrixCache : IDisposable
{
    /// <summary>Format version; a file of another version is rebuilt.</summary>
    public const int FormatVersion = 1;

    /// <summary>Largest mapped window: 64 MiB.</summary>
    public const long WindowBytes = 64L << 20;

    private const int Alignment = 4096;

    /// <summary>Largest header accepted on open (the key and up to 65,536 column names); a corrupt offset beyond it
    /// is rejected before anything is allocated for it.</summary>
    private const long MaxHeaderBytes = 16L << 20;
    private static ReadOnlySpan<byte> Magic => "MGCACHE\0"u8;

    private readonly MemoryMappedFile _file;
    private readonly long _dataOffset;
    private readonly int _windowBlocks;
    private MemoryMappedViewAccessor? _view;
    private byte* _pointer;
    private int _viewFirst = -1;
    private int _viewCount;
    private bool _disposed;

    private BinaryMatrixCache(string path, bool built, MemoryMappedFile file, Header h, long windowBytes)
    {
        FilePath = path;
        Built = built;
        _file = file;
        _dataOffset = h.DataOffset;
        Rows = h.Rows;
        Width = h.Width;
        BlockRows = h.BlockRows;
        FeatureNames = h.Names[..^1];
        TargetName = h.Names[^1];
        BlockCount = checked((int)((Rows + BlockRows - 1) / BlockRows));
        _windowBlocks = (int)Math.Clamp(windowBytes / BlockBytes(BlockRows), 1, int.MaxValue);
    }

    /// <summary>The cache file.</summary>
    public string FilePath { get; }

    /// <summary>True when this <see cref="Open"/> parsed the CSV and wrote the file; false when it reused it.</summary>
    public bool Built { get; }

    /// <summary>Data rows n.</summary>
    public long Rows { get; }

    /// <summary>Values per row: k features, then the target.</summary>
    public int Width { get; }

    /// <summary>The number of features, k.</summary>
    public int FeatureCount => Width - 1;

    /// <summary>Rows per block (the last block may hold fewer).</summary>
    public int BlockRows { get; }

    /// <summary>Number of blocks.</summary>
    public int BlockCount { get; }

    /// <summary>The feature columns' names.</summary>
    public string[] FeatureNames { get; }

    /// <summary>The target column's name.</summary>
    public string TargetName { get; }

    /// <summary>The default cache folder, private to the user: <c>$XDG_CACHE_HOME/micrograd</c>, else
    /// <c>~/.cache/micrograd</c> (Linux, macOS), or <c>%LOCALAPPDATA%\MicroGrad\Cache</c> (Windows). Not a shared
    /// temporary folder: there another user could pre-create the folder and plant a cache that passes validation.</summary>
    public static string DefaultFolder
    {
        get
        {
            if (OperatingSystem.IsWindows())
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "MicroGrad", "Cache");
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg))
                return Path.Combine(xdg, "micrograd");
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "micrograd");
        }
    }

    /// <summary>
    /// Opens the valid cache of <paramref name="csvPath"/>'s selected columns, or (missing, stale or corrupt) parses the
    /// CSV once with <see cref="CsvData.ReadChunks"/> and writes it first.
    /// </summary>
    /// <exception cref="FileNotFoundException">The CSV does not exist.</exception>
    /// <exception cref="DataFormatException">As for <see cref="CsvData.Read"/> (file, line and column of a bad cell);
    /// no cache file is left behind.</exception>
    /// <exception cref="ArgumentException">No feature columns.</exception>
    /// <remarks><paramref name="blockRows"/> applies when the cache is (re)built; a valid cache keeps its own.
    /// <paramref name="windowBytes"/> bounds each mapped view (tests shrink it to cross windows).
    /// <paramref name="beforeBuild"/> runs only when the cache is about to be (re)built: a caller's check of the file
    /// (and its exception) before the parse.</remarks>
    public static BinaryMatrixCache Open(string csvPath, string targetColumn, IReadOnlyList<string>? featureColumns,
        string? folder = null, int blockRows = CsvData.DefaultChunkRows, long windowBytes = WindowBytes, Action? beforeBuild = null)
    {
        ArgumentNullException.ThrowIfNull(csvPath);
        ArgumentNullException.ThrowIfNull(targetColumn);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockRows);
        InputFile.Require(csvPath, "Data file");
        var csv = new FileInfo(csvPath);
        var identity = csv.FullName + "\n" + targetColumn + "\n" + (featureColumns is null ? "*" : string.Join('\u001f', featureColumns));
        var key = identity + "\n" + csv.Length.ToString(CultureInfo.InvariantCulture) + "\n" +
                  csv.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture);
        folder ??= DefaultFolder;
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(folder);
        else
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)).AsSpan(0, 8));
        var path = Path.Combine(Path.GetFullPath(folder), $"{Path.GetFileNameWithoutExtension(csv.Name)}-{hash}.mgcache");
        if (TryOpen(path, key, built: false, windowBytes) is { } cached)
            return cached;
        beforeBuild?.Invoke();
        Build(path, csvPath, key, targetColumn, featureColumns, blockRows);
        var built = TryOpen(path, key, built: true, windowBytes);
        if (built is null)
            MicroGradThrow.IO_CacheInvalid(path, csvPath);
        return built;
    }

    /// <summary>Rows in block <paramref name="block"/>.</summary>
    public int RowsOf(int block) => (int)Math.Min(BlockRows, Rows - (long)block * BlockRows);

    /// <summary>
    /// Block <paramref name="block"/>'s features (row-major, <see cref="FeatureCount"/> wide) and targets, read in place
    /// from the mapping. The spans stay valid until a block of another window is requested or the cache is disposed.
    /// </summary>
    public void Block(int block, out ReadOnlySpan<double> x, out ReadOnlySpan<double> y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(block);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(block, BlockCount);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (block < _viewFirst || block >= _viewFirst + _viewCount)
            Map(block);
        var rows = RowsOf(block);
        var start = (double*)(_pointer + (long)(block - _viewFirst) * BlockBytes(BlockRows));
        var k = FeatureCount;
        x = new ReadOnlySpan<double>(start, rows * k);
        y = new ReadOnlySpan<double>(start + (long)rows * k, rows);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _disposed = true;
        Unmap();
        _file.Dispose();
    }

    private long BlockBytes(int rows) => (long)rows * Width * sizeof(double);

    private void Map(int first)
    {
        Unmap();
        var count = Math.Min(_windowBlocks, BlockCount - first);
        var offset = _dataOffset + (long)first * BlockBytes(BlockRows);
        var size = (long)(count - 1) * BlockBytes(BlockRows) + BlockBytes(RowsOf(first + count - 1));
        _view = _file.CreateViewAccessor(offset, size, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + _view.PointerOffset;
        _viewFirst = first;
        _viewCount = count;
    }

    private void Unmap()
    {
        if (_view is null)
            return;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _view = null;
        _pointer = null;
        _viewFirst = -1;
        _viewCount = 0;
    }
}
