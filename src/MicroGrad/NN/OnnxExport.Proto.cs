using System.Buffers.Binary;

namespace MicroGrad.NN;

public static partial class OnnxExport
{
    /// <summary>
    /// The ONNX messages the export writes (field numbers from onnx.proto, written in ascending order so the same model
    /// gives the same bytes): a graph is built node by node, then <see cref="ToModel"/> wraps it in a ModelProto.
    /// </summary>
    private sealed class GraphBuilder
    {
        // onnx.proto's TensorProto.DataType values.
        public const int Float = 1;
        public const int Int64 = 7;
        public const int String = 8;
        public const int Double = 11;

        // AttributeProto.AttributeType INT (every attribute the export writes is an integer).
        private const int AttributeInt = 2;

        private readonly ProtoWriter _nodes = new();
        private readonly ProtoWriter _initializers = new();
        private readonly ProtoWriter _inputs = new();
        private readonly ProtoWriter _outputs = new();

        /// <summary>Adds a NodeProto (input=1, output=2, name=3, op_type=4, attribute=5), named after its output.</summary>
        public void Node(string opType, string[] inputs, string output, params (string Name, long Value)[] attributes)
        {
            var node = new ProtoWriter();
            foreach (var input in inputs)
                node.WriteString(1, input);
            node.WriteString(2, output);
            node.WriteString(3, output);
            node.WriteString(4, opType);
            foreach (var (name, value) in attributes)
            {
                // AttributeProto: name=1, i=3, type=20.
                var attribute = new ProtoWriter();
                attribute.WriteString(1, name);
                attribute.WriteInt64(3, value);
                attribute.WriteInt64(20, AttributeInt);
                node.WriteMessage(5, attribute);
            }
            _nodes.WriteMessage(1, node);
        }

        /// <summary>Adds a DOUBLE initializer (raw_data, little-endian).</summary>
        public void Initializer(string name, ReadOnlySpan<long> dims, ReadOnlySpan<double> values)
        {
            var tensor = Tensor(dims, Double, name);
            tensor.WriteDoublesAsBytes(9, values);
            _initializers.WriteMessage(5, tensor);
        }

        /// <summary>Adds an INT64 initializer (raw_data, little-endian).</summary>
        public void Initializer(string name, ReadOnlySpan<long> dims, ReadOnlySpan<long> values)
        {
            var bytes = new byte[values.Length * sizeof(long)];
            for (var i = 0; i < values.Length; i++)
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
            var tensor = Tensor(dims, Int64, name);
            tensor.WriteBytes(9, bytes);
            _initializers.WriteMessage(5, tensor);
        }

        /// <summary>A TensorProto's fields before its raw_data (dims=1, data_type=2, name=8).</summary>
        private static ProtoWriter Tensor(ReadOnlySpan<long> dims, int dataType, string name)
        {
            var tensor = new ProtoWriter();
            foreach (var d in dims)
                tensor.WriteInt64(1, d);
            tensor.WriteInt64(2, dataType);
            tensor.WriteString(8, name);
            return tensor;
        }

        /// <summary>Adds a one-dimensional STRING initializer (string_data=6: raw_data cannot hold strings).</summary>
        public void Initializer(string name, IReadOnlyList<string> values)
        {
            var tensor = new ProtoWriter();
            tensor.WriteInt64(1, values.Count);
            tensor.WriteInt64(2, String);
            foreach (var v in values)
                tensor.WriteString(6, v);
            tensor.WriteString(8, name);
            _initializers.WriteMessage(5, tensor);
        }

        /// <summary>Declares a graph input (GraphProto field 11) of shape [N] or, with <paramref name="columns"/>, [N, columns].</summary>
        public void Input(string name, int elementType, int? columns = null) => _inputs.WriteMessage(11, ValueInfo(name, elementType, columns));

        /// <summary>Declares a graph output (GraphProto field 12) of shape [N] or, with <paramref name="columns"/>, [N, columns].</summary>
        public void Output(string name, int elementType, int? columns = null) => _outputs.WriteMessage(12, ValueInfo(name, elementType, columns));

        /// <summary>ValueInfoProto (name=1, type=2) of a tensor whose first dimension is the batch: TypeProto
        /// tensor_type=1 → elem_type=1, shape=2 → TensorShapeProto dim=1 → dim_param=2 (<see cref="BatchDimension"/>,
        /// dynamic), then dim_value=1 for the columns.</summary>
        private static ProtoWriter ValueInfo(string name, int elementType, int? columns)
        {
            var dims = new ProtoWriter();
            var batch = new ProtoWriter();
            batch.WriteString(2, BatchDimension);
            dims.WriteMessage(1, batch);
            if (columns is { } width)
            {
                var dim = new ProtoWriter();
                dim.WriteInt64(1, width);
                dims.WriteMessage(1, dim);
            }
            var tensorType = new ProtoWriter();
            tensorType.WriteInt64(1, elementType);
            tensorType.WriteMessage(2, dims);
            var type = new ProtoWriter();
            type.WriteMessage(1, tensorType);
            var info = new ProtoWriter();
            info.WriteString(1, name);
            info.WriteMessage(2, type);
            return info;
        }

        /// <summary>The ModelProto (ir_version=1, producer_name=2, producer_version=3, graph=7, opset_import=8,
        /// metadata_props=14) around this graph (node=1, name=2, initializer=5, input=11, output=12).</summary>
        public byte[] ToModel(string graphName, IReadOnlyList<(string Key, string Value)> metadata)
        {
            var graph = new ProtoWriter();
            Append(graph, _nodes);
            graph.WriteString(2, graphName);
            Append(graph, _initializers);
            Append(graph, _inputs);
            Append(graph, _outputs);

            var opset = new ProtoWriter();
            opset.WriteString(1, "");
            opset.WriteInt64(2, OpsetVersion);

            var model = new ProtoWriter();
            model.WriteInt64(1, IrVersion);
            model.WriteString(2, ProducerName);
            model.WriteString(3, ProducerVersion);
            model.WriteMessage(7, graph);
            model.WriteMessage(8, opset);
            foreach (var (key, value) in metadata)
            {
                var entry = new ProtoWriter();
                entry.WriteString(1, key);
                entry.WriteString(2, value);
                model.WriteMessage(14, entry);
            }
            return model.ToArray();
        }

        // Repeated fields were written into their own writers, already tagged: the parent takes their bytes as they are.
        private static void Append(ProtoWriter parent, ProtoWriter fields) => parent.WriteRaw(fields.WrittenSpan);
    }
}
