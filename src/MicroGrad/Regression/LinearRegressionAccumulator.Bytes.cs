using System.Buffers.Binary;

namespace MicroGrad.Regression;

// The byte image of an accumulator (format v1), so that partitions fitted in other processes or on other machines can
// be sent, stored and merged.
public sealed partial class LinearRegressionAccumulator
{
    /// <summary>The format version <see cref="ToBytes"/> writes and <see cref="FromBytes"/> reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Magic, version, flags, k and n.</summary>
    private const int HeaderBytes = 24;

    private static ReadOnlySpan<byte> Magic => "MGRLSACC"u8;

    /// <summary>The exact image length for k features and p = k + 2 (or k + 1) columns.</summary>
    private static long ImageBytes(int k, int p) => HeaderBytes + 8L * (k + 1) + 8L * p * (p + 1) / 2 + 4;

    /// <summary>
    /// The accumulator as a versioned byte string (format 1, little-endian, written with
    /// <see cref="BinaryPrimitives"/> so it reads the same on any machine):
    /// the magic <c>MGRLSACC</c> (8 bytes), u16 version = 1, u16 flags (bit 0: intercept), i32 k, i64 n; then the
    /// shift s (k doubles) and s_y, R's upper triangle column by column (R₀₀, R₀₁, R₁₁, R₀₂, …: p(p + 1)/2 doubles,
    /// p = k + 2 with an intercept, k + 1 without), and the CRC-32 (IEEE 802.3, as zlib's <c>crc32</c>) of every byte
    /// before it. <c>FromBytes(ToBytes())</c> gives back the same doubles, bit for bit.
    /// </summary>
    public byte[] ToBytes()
    {
        var r = _triangle.R();
        var p = _triangle.Columns;
        var bytes = new byte[ImageBytes(FeatureCount, p)];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(span[10..], (ushort)(FitIntercept ? 1 : 0));
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], FeatureCount);
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], Rows);
        var at = HeaderBytes;
        foreach (var s in _shift)
            Write(span, ref at, s);
        Write(span, ref at, _yShift);
        for (var j = 0; j < p; j++)
        {
            for (var i = 0; i <= j; i++)
                Write(span, ref at, r[j * p + i]);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], Crc32(span[..at]));
        return bytes;
    }

    /// <summary>Reads an accumulator written by <see cref="ToBytes"/>.</summary>
    /// <remarks>Checks, in this order, before allocating anything of the image's size: the header's length, the
    /// magic, the version, k ∈ [1, <see cref="MaxFeatureCount"/>], the exact length for that k, the CRC-32, the
    /// flags, that every double is finite, that n ≥ 0, that an empty accumulator (n = 0) holds a zero triangle, and
    /// that with an intercept |R₀₀| = √n (the norm of the ones column) to 10⁻⁶.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> is null.</exception>
    /// <exception cref="InvalidDataException">The bytes are not an accumulator ("not a MicroGrad regression
    /// accumulator"), come from a newer format version, or are truncated, padded or corrupt; the message says what
    /// was expected and what was found.</exception>
    public static LinearRegressionAccumulator FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ReadOnlySpan<byte> span = bytes;
        if (span.Length < HeaderBytes)
            MicroGradThrow.InvalidData_AccumulatorTooShort(span.Length, HeaderBytes);
        if (!span[..8].SequenceEqual(Magic))
            MicroGradThrow.InvalidData_AccumulatorMagic(span[..8]);
        var version = BinaryPrimitives.ReadUInt16LittleEndian(span[8..]);
        if (version != FormatVersion)
            MicroGradThrow.InvalidData_AccumulatorVersion(version, FormatVersion);
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(span[10..]);
        var k = BinaryPrimitives.ReadInt32LittleEndian(span[12..]);
        if (k is < 1 or > MaxFeatureCount)
            MicroGradThrow.InvalidData_AccumulatorFeatureCount(k, MaxFeatureCount);
        var intercept = (flags & 1) != 0;
        var p = LeastSquares.AccumulatorColumns(k, intercept);
        var expected = ImageBytes(k, p);
        if (span.Length != expected)
            MicroGradThrow.InvalidData_AccumulatorLength(span.Length, expected, k);
        var body = span.Length - 4;
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(span[body..]);
        var computed = Crc32(span[..body]);
        if (stored != computed)
            MicroGradThrow.InvalidData_AccumulatorChecksum(stored, computed);
        if (flags > 1)
            MicroGradThrow.InvalidData_AccumulatorFlags(flags);
        var n = BinaryPrimitives.ReadInt64LittleEndian(span[16..]);

        var acc = new LinearRegressionAccumulator(k, intercept);
        var at = HeaderBytes;
        for (var j = 0; j < k; j++)
            acc._shift[j] = Read(span, ref at, "shift");
        acc._yShift = Read(span, ref at, "target shift");
        var r = new double[p * p];
        var zero = true;
        for (var j = 0; j < p; j++)
        {
            for (var i = 0; i <= j; i++)
            {
                r[j * p + i] = Read(span, ref at, "entry of R");
                zero &= r[j * p + i] == 0;
            }
        }
        if (n < 0)
            MicroGradThrow.InvalidData_AccumulatorRows($"expected a row count n >= 0; found {n}");
        if (!intercept)
        {
            // Without an intercept the rows are not shifted: a shift there would be applied to nothing.
            for (var j = 0; j < k; j++)
            {
                if (acc._shift[j] != 0)
                    MicroGradThrow.InvalidData_AccumulatorRows(FormattableString.Invariant($"without an intercept every shift is 0; found shift[{j}] = {Format.Python(acc._shift[j])}"));
            }
            if (acc._yShift != 0)
                MicroGradThrow.InvalidData_AccumulatorRows(FormattableString.Invariant($"without an intercept the target shift is 0; found {Format.Python(acc._yShift)}"));
        }
        if (n == 0 && !zero)
            MicroGradThrow.InvalidData_AccumulatorRows("n = 0 rows, yet the triangle R is not zero");
        if (intercept && n > 0 && !(Math.Abs(Math.Abs(r[0]) - Math.Sqrt(n)) <= 1e-6 * Math.Sqrt(n)))
            MicroGradThrow.InvalidData_AccumulatorRows(FormattableString.Invariant(
                $"with an intercept |R[0,0]| is the norm of the ones column, sqrt(n) = {Math.Sqrt(n):G6}; found {Math.Abs(r[0]):G6}"));
        acc._triangle = TsqrAccumulator.FromTriangle(p, r, n);
        return acc;
    }

    private static void Write(Span<byte> span, ref int at, double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(span[at..], value);
        at += 8;
    }

    private static double Read(ReadOnlySpan<byte> span, ref int at, string what)
    {
        var value = BinaryPrimitives.ReadDoubleLittleEndian(span[at..]);
        if (!double.IsFinite(value))
            MicroGradThrow.InvalidData_AccumulatorValue(what, value);
        at += 8;
        return value;
    }

    /// <summary>CRC-32 of IEEE 802.3 (zlib's, PNG's): reflected polynomial 0xEDB88320, initial value and final xor
    /// 0xFFFFFFFF; "123456789" gives 0xCBF43926.</summary>
    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        var table = CrcTable;
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
            crc = table[(int)((crc ^ b) & 0xFF)] ^ (crc >> 8);
        return ~crc;
    }

    private static readonly uint[] CrcTable = BuildCrcTable();

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var i = 0u; i < 256; i++)
        {
            var c = i;
            for (var bit = 0; bit < 8; bit++)
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
