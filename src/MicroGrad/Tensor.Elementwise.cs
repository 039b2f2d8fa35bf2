using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MicroGrad;

// The elementwise kernels behind Tensor.Ops.cs's elementwise sections: Value's own scalar formulas (Value.Evaluate and
// Value.Propagate) applied to every element in row-major order, so a tensor op and the Value op of the same name give
// the same bits element by element. The kernels are generic over the op code, passed as a type (ScalarOp.Add, …):
// the JIT compiles one copy per op in which those formulas are inlined and their switch folded away, so each op is a
// tight loop over spans. Broadcasting: element (i, j) of the output reads element (i·rowStep + j·columnStep) of an
// operand (a step of 0 repeats its single row or column); the loops are specialised for the shapes of an MLP step
// (equal shapes, a 1×m row such as a bias, a 1×1 number), with one general loop for the rest. ReLU and addition,
// the activations and bias adds of every layer, also run on Vector256 where the hardware has it (unless
// MICROGRAD_SIMD=0): the same IEEE 754 operations per element, so the same bits (TensorOpTests and
// TensorElementwiseTests compare every path with Value's formulas).
public sealed partial class Tensor
{
    /// <summary>Value's op code as a type, so that a kernel generic over it is compiled for that op alone.</summary>
    private interface IScalarOp
    {
        static abstract OpCode Code { get; }
    }

    /// <summary>The op codes of the elementwise tensor ops.</summary>
    private static class ScalarOp
    {
        public readonly struct Add : IScalarOp { public static OpCode Code => OpCode.Add; }
        public readonly struct Sub : IScalarOp { public static OpCode Code => OpCode.Sub; }
        public readonly struct Mul : IScalarOp { public static OpCode Code => OpCode.Mul; }
        public readonly struct Div : IScalarOp { public static OpCode Code => OpCode.Div; }
        public readonly struct Neg : IScalarOp { public static OpCode Code => OpCode.Neg; }
        public readonly struct PowConst : IScalarOp { public static OpCode Code => OpCode.PowConst; }
        public readonly struct Exp : IScalarOp { public static OpCode Code => OpCode.Exp; }
        public readonly struct Log : IScalarOp { public static OpCode Code => OpCode.Log; }
        public readonly struct Tanh : IScalarOp { public static OpCode Code => OpCode.Tanh; }
        public readonly struct Relu : IScalarOp { public static OpCode Code => OpCode.Relu; }
        public readonly struct Sigmoid : IScalarOp { public static OpCode Code => OpCode.Sigmoid; }
        public readonly struct Softplus : IScalarOp { public static OpCode Code => OpCode.Softplus; }
    }

    /// <summary>An elementwise forward or backward, run for one op code by <see cref="Elementwise{TKernel}"/>.</summary>
    private interface IElementwiseKernel
    {
        static abstract void Run<TOp>(Tensor node)
            where TOp : struct, IScalarOp;
    }

    /// <summary>Assigns every element of the node's data (never reads it: the buffer may hold a previous step's values).
    /// A unary op's second input is its exponent (Value.Evaluate's convention).</summary>
    private readonly struct ElementwiseForward : IElementwiseKernel
    {
        public static void Run<TOp>(Tensor node)
            where TOp : struct, IScalarOp
        {
            // Every element is its own: any split of the rows gives the same bits.
            ForEachRowBlock(node.Rows, node.Columns, node.Data.Length, node, static (n, start, end) => Rows<TOp>(n, (start, end)));
        }

        // Optimised from the first call, as MatrixKernels' loops (tier-0 code does not inline Value's formulas).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Rows<TOp>(Tensor node, (int Start, int End) rows)
            where TOp : struct, IScalarOp
        {
            var (a, b, output) = (node._left!, node._right, node.Data);
            var m = node.Columns;
            if (b is null)
            {
                var x = a.Data.AsSpan(rows.Start * m, (rows.End - rows.Start) * m);
                var y = output.AsSpan(rows.Start * m, x.Length);
                var exponent = node._exponent;
                var k = 0;
                if (typeof(TOp) == typeof(ScalarOp.Relu) && Simd.Enabled)
                    k = ReluVector(x, y);
                for (; k < y.Length; k++)
                    y[k] = Value.Evaluate(TOp.Code, x[k], exponent);
                return;
            }
            var (aRow, aColumn) = Steps(a);
            var (bRow, bColumn) = Steps(b);
            for (var i = rows.Start; i < rows.End; i++)
            {
                var row = output.AsSpan(i * m, m);
                if (aColumn == 1 && bColumn == 1)
                {
                    var x = a.Data.AsSpan(i * aRow, m);
                    var y = b.Data.AsSpan(i * bRow, m);
                    var j = 0;
                    if (typeof(TOp) == typeof(ScalarOp.Add) && Simd.Enabled)
                        j = AddVector(x, y, row);
                    for (; j < row.Length; j++)
                        row[j] = Value.Evaluate(TOp.Code, x[j], y[j]);
                }
                else if (aColumn == 1)
                {
                    var x = a.Data.AsSpan(i * aRow, m);
                    var y = b.Data[i * bRow];
                    for (var j = 0; j < row.Length; j++)
                        row[j] = Value.Evaluate(TOp.Code, x[j], y);
                }
                else
                {
                    for (var j = 0; j < row.Length; j++)
                        row[j] = Value.Evaluate(TOp.Code, a.Data[i * aRow + j * aColumn], b.Data[i * bRow + j * bColumn]);
                }
            }
        }
    }

    /// <summary>Adds each element's share into the operands' gradients (a broadcast operand's one row or column
    /// receives the shares of every row or column it was repeated over, in row-major order).</summary>
    private readonly struct ElementwiseBackward : IElementwiseKernel
    {
        public static void Run<TOp>(Tensor node)
            where TOp : struct, IScalarOp
        {
            // Rows may be split when no operand is broadcast (each element then adds into its own slots); a broadcast
            // operand's gradient sums over the rows in order, on one thread.
            var (a, b) = (node._left!, node._right);
            var ownSlots = a.Data.Length == node.Data.Length && (b is null || b.Data.Length == node.Data.Length);
            // Grad allocates on first use: do it here, once, not in racing tasks (each would get its own array).
            _ = (node.Grad, a.Grad, b?.Grad);
            ForEachRowBlock(node.Rows, node.Columns, ownSlots ? node.Data.Length : 0, node,
                static (n, start, end) => Rows<TOp>(n, (start, end)));
        }

        // Optimised from the first call, as MatrixKernels' loops (tier-0 code does not inline Value's formulas).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Rows<TOp>(Tensor node, (int Start, int End) rows)
            where TOp : struct, IScalarOp
        {
            var (a, b) = (node._left!, node._right);
            var (output, g, ga) = (node.Data, node.Grad, a.Grad);
            var m = node.Columns;
            if (b is null)
            {
                // A unary op writes only its operand's slot; its second slot is that one again (Value.Propagate's
                // convention).
                var (start, length) = (rows.Start * m, (rows.End - rows.Start) * m);
                var x = a.Data.AsSpan(start, length);
                var gx = ga.AsSpan(start, length);
                var result = output.AsSpan(start, length);
                var gy = g.AsSpan(start, length);
                var exponent = node._exponent;
                var k = 0;
                if (typeof(TOp) == typeof(ScalarOp.Relu) && Simd.Enabled)
                    k = ReluBackwardVector(result, gy, gx);
                for (; k < length; k++)
                    Value.Propagate(TOp.Code, x[k], exponent, result[k], gy[k], ref gx[k], ref gx[k]);
                return;
            }
            var gb = b.Grad;
            var (aRow, aColumn) = Steps(a);
            var (bRow, bColumn) = Steps(b);
            for (var i = rows.Start; i < rows.End; i++)
            {
                var result = output.AsSpan(i * m, m);
                var gRow = g.AsSpan(i * m, m);
                if (aColumn == 1 && bColumn == 1)
                {
                    var x = a.Data.AsSpan(i * aRow, m);
                    var y = b.Data.AsSpan(i * bRow, m);
                    var gx = ga.AsSpan(i * aRow, m);
                    var gy = gb.AsSpan(i * bRow, m);
                    if (typeof(TOp) == typeof(ScalarOp.Add) && Simd.Enabled)
                    {
                        // ga += g, then gb += g: in this order for each element, as Value.Propagate (a + a adds twice).
                        MatrixKernels.AddInto(gx, gRow, KernelWidth.Vector256);
                        MatrixKernels.AddInto(gy, gRow, KernelWidth.Vector256);
                        continue;
                    }
                    for (var j = 0; j < m; j++)
                        Value.Propagate(TOp.Code, x[j], y[j], result[j], gRow[j], ref gx[j], ref gy[j]);
                }
                else
                {
                    for (var j = 0; j < m; j++)
                    {
                        var (ia, ib) = (i * aRow + j * aColumn, i * bRow + j * bColumn);
                        Value.Propagate(TOp.Code, a.Data[ia], b.Data[ib], result[j], gRow[j], ref ga[ia], ref gb[ib]);
                    }
                }
            }
        }
    }

    /// <summary>Elements from which an elementwise pass is worth spreading over threads (a parallel dispatch costs
    /// microseconds; a pass over 2¹⁷ elements tens of them).</summary>
    internal const int ParallelElements = 1 << 17;

    /// <summary>Elements per parallel task (whole rows), fixed whatever <see cref="Threads"/> is.</summary>
    private const int ElementBlock = 1 << 14;

    // The number of row blocks to spread a pass over, or 1 to run it on the calling thread.
    private static (int Row, int Column) Steps(Tensor t) => (t.Rows == 1 ? 0 : t.Columns, t.Columns == 1 ? 0 : 1);

    // output[k] = ReLU(x[k]) four at a time, exactly Value's `x > 0 || NaN(x) ? x : 0.0` (so −0.0 gives +0.0 and a NaN
    // stays itself); returns where the scalar tail starts.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ReluVector(ReadOnlySpan<double> x, Span<double> output)
    {
        ref var source = ref MemoryMarshal.GetReference(x);
        ref var destination = ref MemoryMarshal.GetReference(output);
        var k = 0;
        for (; k + Vector256<double>.Count <= output.Length; k += Vector256<double>.Count)
        {
            var v = Vector256.LoadUnsafe(ref source, (nuint)k);
            var keep = Vector256.GreaterThan(v, Vector256<double>.Zero) | ~Vector256.Equals(v, v);
            Vector256.ConditionalSelect(keep, v, Vector256<double>.Zero).StoreUnsafe(ref destination, (nuint)k);
        }
        return k;
    }

    // gx[k] += result[k] > 0 ? g[k] : 0.0, four at a time (Value's ReLU backward); returns where the tail starts. Also
    // the fused Linear(Relu) backward's (MatrixKernels.Linear.cs).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int ReluBackwardVector(ReadOnlySpan<double> result, ReadOnlySpan<double> g, Span<double> gx)
    {
        ref var r = ref MemoryMarshal.GetReference(result);
        ref var gr = ref MemoryMarshal.GetReference(g);
        ref var d = ref MemoryMarshal.GetReference(gx);
        var k = 0;
        for (; k + Vector256<double>.Count <= gx.Length; k += Vector256<double>.Count)
        {
            var share = Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256.LoadUnsafe(ref r, (nuint)k), Vector256<double>.Zero),
                Vector256.LoadUnsafe(ref gr, (nuint)k), Vector256<double>.Zero);
            (Vector256.LoadUnsafe(ref d, (nuint)k) + share).StoreUnsafe(ref d, (nuint)k);
        }
        return k;
    }

    // output[j] = x[j] + y[j], four at a time; returns where the scalar tail starts.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AddVector(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> output)
    {
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        ref var destination = ref MemoryMarshal.GetReference(output);
        var j = 0;
        for (; j + Vector256<double>.Count <= output.Length; j += Vector256<double>.Count)
            (Vector256.LoadUnsafe(ref xr, (nuint)j) + Vector256.LoadUnsafe(ref yr, (nuint)j)).StoreUnsafe(ref destination, (nuint)j);
        return j;
    }
}
