using System.Buffers.Binary;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MicroGrad.Regression;
using MicroGrad.Tests.Fuzzing;
using Xunit.Abstractions;
using static MicroGrad.Tests.Regression.RegressionTestData;

namespace MicroGrad.Tests.Regression;

/// <summary>Issue 12, item 5: an accumulator travels as bytes (format 1) bit for bit; a foreign, damaged or
/// inconsistent byte string is a clear <see cref="InvalidDataException"/>, including one whose checksum was
/// recomputed after the damage (so that the checks behind the CRC are reached).</summary>
public sealed class AccumulatorBytesTests(ITestOutputHelper output)
{
    private static readonly LinearRegression Ols = new(new LinearRegressionOptions());

    [Fact]
    public void Bytes_round_trip_bit_for_bit()
    {
        var (x, y, _) = Diabetes();
        var acc = AccumulatorTests.LeftFold(AccumulatorTests.Partitions(x, y, [5, 100]));
        var bytes = acc.ToBytes();
        var back = LinearRegressionAccumulator.FromBytes(bytes);
        Assert.Equal(bytes, back.ToBytes());
        Assert.Equal(acc.Rows, back.Rows);
        Assert.Equal(acc.FeatureCount, back.FeatureCount);
        Assert.Equal(acc.FitIntercept, back.FitIntercept);
        var a = Ols.Fit(acc).Summary;
        var b = Ols.Fit(back).Summary;
        for (var j = 0; j < a.Parameters.Count; j++)
            Assert.Equal(a.Parameters[j], b.Parameters[j]);
        // The image: 24-byte header, k + 1 shifts, p(p + 1)/2 entries of R (p = k + 2 = 12), the CRC-32.
        Assert.Equal(24 + 8 * 11 + 8 * 78 + 4, bytes.Length);
        Assert.Equal("MGRLSACC"u8.ToArray(), bytes[..8]);
    }

    [Fact]
    public void The_checksum_is_zlib_s_crc32()
    {
        // Oracle: the CRC-32 check value of "123456789" (IEEE 802.3; python3 -c "import zlib; print(hex(zlib.crc32(b'123456789')))").
        Assert.Equal(0xCBF43926u, LinearRegressionAccumulator.Crc32("123456789"u8));
    }

    private static byte[] Image()
    {
        var (x, y, _) = Longley();
        var acc = new LinearRegressionAccumulator(x[0].Length);
        acc.Add(x, y);
        return acc.ToBytes();
    }

    [Fact]
    public void Foreign_bytes_are_not_an_accumulator()
    {
        var ex = Assert.Throws<InvalidDataException>(() => LinearRegressionAccumulator.FromBytes(Encoding.UTF8.GetBytes("{\"format\": \"micrograd-mlp\", \"version\": 1}")));
        Assert.Contains("Not a MicroGrad regression accumulator", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MGRLSACC", ex.Message, StringComparison.Ordinal);
        var empty = Assert.Throws<InvalidDataException>(() => LinearRegressionAccumulator.FromBytes([]));
        Assert.Contains("found 0 byte(s)", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_future_version_is_refused_by_name()
    {
        var bytes = Image();
        bytes[8] = 2;
        var ex = Assert.Throws<InvalidDataException>(() => LinearRegressionAccumulator.FromBytes(bytes));
        Assert.Contains("version 2, newer than this library reads (1)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_or_padded_image_names_the_expected_length()
    {
        var bytes = Image();
        var ex = Assert.Throws<InvalidDataException>(() => LinearRegressionAccumulator.FromBytes(bytes[..^1]));
        Assert.Contains($"need exactly {bytes.Length} bytes; found {bytes.Length - 1}", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<InvalidDataException>(() => LinearRegressionAccumulator.FromBytes([.. bytes, 0]));
        Assert.Contains($"found {bytes.Length + 1}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_value_is_caught_by_the_checksum()
    {
        var bytes = Image();
        bytes[100] ^= 0x10;
        var ex = Assert.Throws<InvalidDataException>(() => LinearRegressionAccumulator.FromBytes(bytes));
        Assert.Contains("Corrupt MicroGrad regression accumulator: expected the stored CRC-32", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Any byte changed to any other value, or the image cut at any length: always refused, with a short
    /// message. CRC-32 detects every error burst of at most 32 bits, so no single-byte change can slip through.</summary>
    [Fact]
    public void Every_damaged_or_truncated_image_is_refused_clearly()
    {
        var valid = Image();
        var damage =
            from cut in Gen.Choose(0, 1)
            from at in Gen.Choose(0, valid.Length - 1)
            from flip in Gen.Choose(1, 255)
            select (Cut: cut == 1, At: at, Flip: (byte)flip);
        var parsed = Fuzz.Run(output, "accumulator bytes", damage, d => d.ToString(), d =>
        {
            var bytes = d.Cut ? valid[..d.At] : (byte[])valid.Clone();
            if (!d.Cut)
                bytes[d.At] ^= d.Flip;
            return Fuzz.ParsesOrThrows<InvalidDataException>(() => LinearRegressionAccumulator.FromBytes(bytes));
        }, cases: 3000);
        Assert.Equal(0, parsed);
    }

    /// <summary>Longley's image with <paramref name="edit"/> applied and the CRC-32 recomputed: a forged image that only
    /// the checks after the checksum can refuse.</summary>
    private static byte[] Forged(Action<byte[]> edit, bool intercept = true)
    {
        var (x, y, _) = Longley();
        var acc = new LinearRegressionAccumulator(x[0].Length, intercept);
        acc.Add(x, y);
        var bytes = acc.ToBytes();
        edit(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(^4), LinearRegressionAccumulator.Crc32(bytes.AsSpan(0, bytes.Length - 4)));
        return bytes;
    }

    // Layout (LinearRegressionAccumulator.Bytes.cs): magic 0..7, version 8..9, flags 10..11, k 12..15, n 16..23, then the
    // k shifts and the target shift, then R packed by columns (R[0,0] first).
    public static TheoryData<string, string> ForgedImages => new()
    {
        { "nan", "expected a finite shift; found nan" },
        { "negative n", "expected a row count n >= 0; found -1" },
        { "n = 0", "n = 0 rows, yet the triangle R is not zero" },
        { "flags", "flags" },
        { "R00", "sqrt(n) = 4; found 5" },
    };

    [Theory]
    [MemberData(nameof(ForgedImages))]
    public void A_forged_image_with_a_valid_checksum_is_still_refused(string what, string expected)
    {
        var bytes = Forged(b =>
        {
            switch (what)
            {
                case "nan": BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(24), double.NaN); break;
                case "negative n": BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(16), -1); break;
                case "n = 0": BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(16), 0); break;
                case "flags": BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(10), 3); break;
                // Longley has 16 rows, so |R[0,0]| = 4; the shifts are 6 doubles and the target's one.
                case "R00": BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(24 + 8 * 7), 5.0); break;
            }
        });
        var ex = Assert.Throws<InvalidDataException>(() => LinearRegressionAccumulator.FromBytes(bytes));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Message.Length < 300, ex.Message);
    }

    [Fact]
    public void A_shift_in_an_image_without_an_intercept_is_refused()
    {
        var bytes = Forged(b => BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(24), 1e300), intercept: false);
        var ex = Assert.Throws<InvalidDataException>(() => LinearRegressionAccumulator.FromBytes(bytes));
        Assert.Contains("without an intercept every shift is 0; found shift[0] = 1e+300", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_counts_that_overflow_are_refused_not_wrapped()
    {
        var (x, y, _) = Longley();
        var acc = new LinearRegressionAccumulator(x[0].Length);
        acc.Add(x, y);
        // 16 rows doubled 31 times: 2^35 rows, beyond the summary's int count.
        for (var i = 0; i < 31; i++)
            acc.Merge(acc);
        Assert.Equal(16L << 31, acc.Rows);
        var fit = Assert.Throws<ArgumentException>(() => Ols.Fit(acc));
        Assert.Contains("at most 2147483647", fit.Message, StringComparison.Ordinal);
        // Doubled to 2^62, one more doubling would pass long.MaxValue.
        for (var i = 0; i < 27; i++)
            acc.Merge(acc);
        Assert.Equal(1L << 62, acc.Rows);
        var ex = Assert.Throws<OverflowException>(() => acc.Merge(acc));
        Assert.Contains("exceeds the largest row count", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1L << 62, acc.Rows);
    }
}
