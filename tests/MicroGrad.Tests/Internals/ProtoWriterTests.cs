namespace MicroGrad.Tests.Internals;

/// <summary>The wire format against the examples of protobuf's encoding guide
/// (protobuf.dev/programming-guides/encoding).</summary>
public class ProtoWriterTests
{
    [Fact]
    public void A_varint_field_is_its_tag_then_seven_bits_a_byte()
    {
        // Guide: message Test1 { int32 a = 1; } with a = 150 is 08 96 01.
        var writer = new ProtoWriter();
        writer.WriteInt64(1, 150);
        Assert.Equal([0x08, 0x96, 0x01], writer.ToArray());
    }

    [Fact]
    public void A_negative_int64_takes_ten_bytes()
    {
        // Guide: "if you use int32 or int64 as the type for a negative number, the resulting varint is always ten bytes long".
        var writer = new ProtoWriter();
        writer.WriteInt64(1, -1);
        Assert.Equal([0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], writer.ToArray());
    }

    [Fact]
    public void A_string_field_is_its_tag_length_and_utf8_bytes()
    {
        // Guide: message Test2 { string b = 2; } with b = "testing" is 12 07 74 65 73 74 69 6e 67.
        var writer = new ProtoWriter();
        writer.WriteString(2, "testing");
        Assert.Equal([0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67], writer.ToArray());
    }

    [Fact]
    public void A_message_field_is_its_tag_length_and_the_message()
    {
        // Guide: message Test3 { Test1 c = 3; } with c.a = 150 is 1a 03 08 96 01.
        var inner = new ProtoWriter();
        inner.WriteInt64(1, 150);
        var writer = new ProtoWriter();
        writer.WriteMessage(3, inner);
        Assert.Equal([0x1a, 0x03, 0x08, 0x96, 0x01], writer.ToArray());
    }

    [Fact]
    public void A_packed_repeated_field_is_one_length_delimited_run_of_varints()
    {
        // Guide: message Test5 { repeated int32 f = 6 [packed = true]; } with 3, 270, 86942 is 32 06 03 8e 02 9e a7 05.
        var writer = new ProtoWriter();
        writer.WritePackedInt64(6, [3, 270, 86942]);
        Assert.Equal([0x32, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05], writer.ToArray());
    }

    [Fact]
    public void Fixed_width_fields_are_little_endian()
    {
        // Wire types 5 (I32) and 1 (I64); 1.0f = 0x3F800000, 1.0 = 0x3FF0000000000000 (IEEE 754).
        var writer = new ProtoWriter();
        writer.WriteFloat(2, 1.0f);
        writer.WriteDouble(1, 1.0);
        writer.WriteDoublesAsBytes(9, [1.0]);
        Assert.Equal([0x15, 0x00, 0x00, 0x80, 0x3F,
                      0x09, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F,
                      0x4A, 0x08, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F], writer.ToArray());
    }

    [Fact]
    public void The_buffer_grows_past_its_first_size()
    {
        var writer = new ProtoWriter();
        var values = Enumerable.Range(0, 1000).Select(i => (double)i).ToArray();
        writer.WriteDoublesAsBytes(1, values);
        Assert.Equal(1 + 2 + 8000, writer.Length); // tag, varint 8000 (two bytes), the doubles
        Assert.Equal(999.0, BitConverter.ToDouble(writer.ToArray(), 3 + 999 * 8));
    }
}
