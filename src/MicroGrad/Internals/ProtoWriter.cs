using System.Buffers.Binary;
using System.Text;

namespace MicroGrad;

/// <summary>
/// The protocol-buffers wire format, as much of it as <see cref="NN.OnnxExport"/> needs: varints, tags, fixed-width
/// numbers and length-delimited fields (bytes, strings, packed arrays, nested messages). A nested message is written
/// into its own writer, then copied into its parent behind its length (<see cref="WriteMessage"/>): the messages of an
/// ONNX model are few and small beside its weights, so the copies cost little and the code stays one pass per message.
/// </summary>
/// <remarks>Fields come out in the order they are written; callers write them in ascending field number, as
/// protobuf's own serializers do, so the same message always gives the same bytes.</remarks>
internal sealed class ProtoWriter
{
    private const int Varint = 0;
    private const int Fixed64 = 1;
    private const int LengthDelimited = 2;
    private const int Fixed32 = 5;

    private byte[] _buffer = new byte[64];
    private int _length;

    /// <summary>Bytes written so far.</summary>
    public int Length => _length;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>A copy of the bytes written so far.</summary>
    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>An <c>int32</c>, <c>int64</c>, <c>uint64</c>, <c>bool</c> or enum field: the tag, then the value as a
    /// varint (a negative value as its 64-bit two's complement, ten bytes, as protobuf encodes <c>int64</c>).</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, Varint);
        WriteVarint((ulong)value);
    }

    /// <summary>A <c>float</c> field: the tag, then four little-endian bytes.</summary>
    public void WriteFloat(int field, float value)
    {
        WriteTag(field, Fixed32);
        BinaryPrimitives.WriteSingleLittleEndian(Grow(4), value);
    }

    /// <summary>A <c>double</c> field: the tag, then eight little-endian bytes.</summary>
    public void WriteDouble(int field, double value)
    {
        WriteTag(field, Fixed64);
        BinaryPrimitives.WriteDoubleLittleEndian(Grow(8), value);
    }

    /// <summary>A <c>string</c> field: the tag, the UTF-8 length, the UTF-8 bytes.</summary>
    public void WriteString(int field, string value)
    {
        WriteTag(field, LengthDelimited);
        var count = Encoding.UTF8.GetByteCount(value);
        WriteVarint((ulong)count);
        Encoding.UTF8.GetBytes(value, Grow(count));
    }

    /// <summary>A <c>bytes</c> field: the tag, the length, the bytes.</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, LengthDelimited);
        WriteVarint((ulong)value.Length);
        value.CopyTo(Grow(value.Length));
    }

    /// <summary>A <c>bytes</c> field holding <paramref name="values"/> as consecutive little-endian doubles (ONNX's
    /// <c>raw_data</c> of a DOUBLE tensor).</summary>
    public void WriteDoublesAsBytes(int field, ReadOnlySpan<double> values)
    {
        WriteTag(field, LengthDelimited);
        WriteVarint((ulong)values.Length * sizeof(double));
        var destination = Grow(values.Length * sizeof(double));
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteDoubleLittleEndian(destination[(i * sizeof(double))..], values[i]);
    }

    /// <summary>A repeated <c>int64</c> field, packed (proto3's default): the tag, the byte length, the varints.</summary>
    public void WritePackedInt64(int field, ReadOnlySpan<long> values)
    {
        var count = 0;
        foreach (var v in values)
            count += VarintLength((ulong)v);
        WriteTag(field, LengthDelimited);
        WriteVarint((ulong)count);
        foreach (var v in values)
            WriteVarint((ulong)v);
    }

    /// <summary>A message field: the tag, the length of <paramref name="message"/>'s bytes, the bytes.</summary>
    public void WriteMessage(int field, ProtoWriter message) => WriteBytes(field, message.WrittenSpan);

    /// <summary>Bytes that are already fields (written by another writer), as they are.</summary>
    public void WriteRaw(ReadOnlySpan<byte> fields) => fields.CopyTo(Grow(fields.Length));

    private void WriteTag(int field, int wireType) => WriteVarint((ulong)((uint)field << 3 | (uint)wireType));

    private void WriteVarint(ulong value)
    {
        var destination = Grow(VarintLength(value));
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i] = (byte)value;
    }

    internal static int VarintLength(ulong value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }
        return length;
    }

    /// <summary>The next <paramref name="count"/> bytes of the buffer, counted as written.</summary>
    private Span<byte> Grow(int count)
    {
        if (_length + count > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(checked(_length + count), checked(_buffer.Length * 2)));
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
