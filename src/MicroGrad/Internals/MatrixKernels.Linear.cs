using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MicroGrad.NN;

namespace MicroGrad;

// The fused layer behind Tensor.Linear: activation(a·w + bias) and its gradients, one block of rows at a time so that
// the bias, the activation and their derivatives run while the block's rows are in cache (the unfused ops stream
// every n×m intermediate through memory once more each). Bits: each output element is the product's fma chain (the
// numerical rule of MatrixKernels.cs), then + bias[j] as a separate IEEE addition, then Value's activation formula:
// exactly MatMul, then +, then the activation op. Backward: g' = the activation's share of g (Value's formula from the
// output, as the Relu/Tanh/Sigmoid ops compute it; g itself without activation), dA += g'·wᵀ, and over fixed blocks of
// ReductionBlock rows added in block order: dW += Σ aᵀ·g' (as MultiplyTransposedLeft) and dBias += Σ g' (each block's
// column sums run down its rows from 0). So any thread count gives the same bits.
internal static partial class MatrixKernels
{
    /// <summary><c>c = activation(a·w + bias)</c>: a is n×k, w k×m, bias 1×m, c n×m; per block of
    /// <see cref="RowBlock"/> rows, spread over threads for a large product.</summary>
    public static void Linear(double[] a, double[] w, double[] bias, double[] c, int n, int k, int m,
        Activation activation, KernelWidth width, int threads)
    {
        CheckLength(a, (long)n * k, nameof(a));
        CheckLength(w, (long)k * m, nameof(w));
        CheckLength(bias, m, nameof(bias));
        CheckLength(c, (long)n * m, nameof(c));
        var blocks = (n + RowBlock - 1) / RowBlock;
        if (threads > 1 && blocks > 1 && (long)n * k * m >= ParallelWork)
        {
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, block =>
            {
                var start = block * RowBlock;
                LinearRows(a, w, bias, c, start, Math.Min(n, start + RowBlock), k, m, activation, width);
            });
        }
        else
        {
            for (var start = 0; start < n; start += RowBlock)
                LinearRows(a, w, bias, c, start, Math.Min(n, start + RowBlock), k, m, activation, width);
        }
    }

    // Rows [start, end): the product, then + bias and the activation on each row while it is in L1.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LinearRows(double[] a, double[] w, double[] bias, double[] c, int start, int end, int k, int m,
        Activation activation, KernelWidth width)
    {
        MultiplyRows(a, w, c, start, end, k, m, accumulate: false, width);
        var b = bias.AsSpan(0, m);
        for (var i = start; i < end; i++)
        {
            var row = c.AsSpan(i * m, m);
            AddInto(row, b, width);
            switch (activation)
            {
                case Activation.Linear: break;
                case Activation.Relu: Relu(row, width); break;
                case Activation.Tanh: Apply(row, OpCode.Tanh); break;
                case Activation.Sigmoid: Apply(row, OpCode.Sigmoid); break;
                default: MicroGradThrow.ArgumentOutOfRange(nameof(activation), activation, "an activation"); break;
            }
        }
    }

    /// <summary>The gradients of <see cref="Linear"/>: given its output and g (n×m), <c>ga += g'·wᵀ</c> (skipped when
    /// <paramref name="ga"/> is null), <c>gw += aᵀ·g'</c> and <c>gbias += Σ_rows g'</c>, where g' is g through the
    /// activation's derivative; sums over rows in blocks of <see cref="ReductionBlock"/> added in block order.</summary>
    public static void LinearBackward(double[] a, double[] w, double[] output, double[] g, double[]? ga, double[] gw,
        double[] gbias, int n, int k, int m, Activation activation, KernelWidth width, int threads)
    {
        CheckLength(a, (long)n * k, nameof(a));
        CheckLength(w, (long)k * m, nameof(w));
        CheckLength(output, (long)n * m, nameof(output));
        CheckLength(g, (long)n * m, nameof(g));
        CheckLength(gw, (long)k * m, nameof(gw));
        CheckLength(gbias, m, nameof(gbias));
        if (ga is not null)
            CheckLength(ga, (long)n * k, nameof(ga));
        // wᵀ (m×k) so that dA's product reads contiguous rows, as MultiplyTransposedRight does.
        var wT = ArrayPool<double>.Shared.Rent(k * m);
        for (var p = 0; p < k; p++)
        {
            for (var j = 0; j < m; j++)
                wT[j * k + p] = w[p * m + j];
        }
        // Per block: its partial of dW (k×m, or m×k when transposed as in MultiplyTransposedLeft), then of dBias (m).
        var transposed = m < k;
        var blocks = (n + ReductionBlock - 1) / ReductionBlock;
        var size = k * m + m;
        var partials = ArrayPool<double>.Shared.Rent(blocks * size);
        var shares = activation == Activation.Linear ? 0 : Math.Min(n, ReductionBlock) * m;
        if (threads > 1 && blocks > 1 && (long)n * k * m >= ParallelWork)
        {
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, block =>
            {
                var scratch = shares == 0 ? null : ArrayPool<double>.Shared.Rent(shares);
                LinearBackwardBlock(a, wT, output, g, ga, partials, block, scratch, n, k, m, transposed, activation, width);
                if (scratch is not null)
                    ArrayPool<double>.Shared.Return(scratch);
            });
        }
        else
        {
            var scratch = shares == 0 ? null : ArrayPool<double>.Shared.Rent(shares);
            for (var block = 0; block < blocks; block++)
                LinearBackwardBlock(a, wT, output, g, ga, partials, block, scratch, n, k, m, transposed, activation, width);
            if (scratch is not null)
                ArrayPool<double>.Shared.Return(scratch);
        }
        var total = partials.AsSpan(0, size);
        for (var block = 1; block < blocks; block++)
            AddInto(total, partials.AsSpan(block * size, size), width);
        var gwTotal = total[..(k * m)];
        if (transposed)
        {
            for (var p = 0; p < k; p++)
            {
                for (var j = 0; j < m; j++)
                    gw[p * m + j] += gwTotal[j * k + p];
            }
        }
        else
        {
            AddInto(gw.AsSpan(0, k * m), gwTotal, width);
        }
        AddInto(gbias.AsSpan(0, m), total[(k * m)..], width);
        ArrayPool<double>.Shared.Return(partials);
        ArrayPool<double>.Shared.Return(wT);
    }

    // One block of ReductionBlock rows: g' (g itself, or the activation's shares in scratch), dA's rows, and the
    // block's partials of dW and dBias at partials[block·(k·m + m)].
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LinearBackwardBlock(double[] a, double[] wT, double[] output, double[] g, double[]? ga,
        double[] partials, int block, double[]? scratch, int n, int k, int m, bool transposed, Activation activation,
        KernelWidth width)
    {
        var start = block * ReductionBlock;
        var rows = Math.Min(n, start + ReductionBlock) - start;
        var length = rows * m;
        double[] shares;
        int offset;
        if (scratch is null)
        {
            (shares, offset) = (g, start * m);
        }
        else
        {
            (shares, offset) = (scratch, 0);
            var result = output.AsSpan(start * m, length);
            var gy = g.AsSpan(start * m, length);
            var gz = scratch.AsSpan(0, length);
            gz.Clear();
            var code = activation switch
            {
                Activation.Relu => OpCode.Relu,
                Activation.Tanh => OpCode.Tanh,
                _ => OpCode.Sigmoid,
            };
            var q = code == OpCode.Relu && width != KernelWidth.Scalar ? Tensor.ReluBackwardVector(result, gy, gz) : 0;
            for (; q < length; q++)
                Value.Propagate(code, 0.0, 0.0, result[q], gy[q], ref gz[q], ref gz[q]);
        }

        var partial = block * (k * m + m);
        // dBias: the column sums of the block's g', down its rows from 0.
        var sums = partials.AsSpan(partial + k * m, m);
        sums.Clear();
        for (var i = 0; i < rows; i++)
            AddInto(sums, shares.AsSpan(offset + i * m, m), width);
        // dW: the block's aᵀ·g', as TransposedLeftBlock computes it (transposed: gᵀ·a, vectors along k).
        if (transposed)
        {
            Compute(width, ref Element(shares, offset), 1, m, ref Element(a, (long)start * k), k,
                ref Element(partials, partial), k, m, rows, k, accumulate: false);
        }
        else
        {
            Compute(width, ref Element(a, (long)start * k), 1, k, ref Element(shares, offset), m,
                ref Element(partials, partial), m, k, rows, m, accumulate: false);
        }
        // dA += g'·wᵀ for the block's rows.
        if (ga is not null)
        {
            Compute(width, ref Element(shares, offset), m, 1, ref Element(wT, 0), k, ref Element(ga, (long)start * k), k,
                rows, m, k, accumulate: true);
        }
    }

    // row[j] = Value's ReLU of row[j] (`x > 0 || NaN(x) ? x : 0.0`, so −0.0 gives +0.0 and NaN stays), four at a time.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Relu(Span<double> row, KernelWidth width)
    {
        var j = 0;
        if (width != KernelWidth.Scalar)
        {
            ref var r = ref MemoryMarshal.GetReference(row);
            for (; j + Vector256<double>.Count <= row.Length; j += Vector256<double>.Count)
            {
                var v = Vector256.LoadUnsafe(ref r, (nuint)j);
                var keep = Vector256.GreaterThan(v, Vector256<double>.Zero) | ~Vector256.Equals(v, v);
                Vector256.ConditionalSelect(keep, v, Vector256<double>.Zero).StoreUnsafe(ref r, (nuint)j);
            }
        }
        for (; j < row.Length; j++)
            row[j] = Value.Evaluate(OpCode.Relu, row[j], 0.0);
    }

    private static void Apply(Span<double> row, OpCode code)
    {
        for (var j = 0; j < row.Length; j++)
            row[j] = Value.Evaluate(code, row[j], 0.0);
    }
}
