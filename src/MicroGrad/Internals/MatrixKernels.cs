using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MicroGrad;

/// <summary>
/// The matrix products behind <see cref="Tensor.MatMul"/>: <c>C = A·B</c> (forward), <c>dA += G·Bᵀ</c> and
/// <c>dB += Aᵀ·G</c> (backward), row-major <see cref="double"/> arrays.
/// </summary>
/// <remarks>
/// <para>The numerical rule, which makes every <see cref="KernelWidth"/>, every tiling and every thread count give
/// the same bits: each output element is ONE fused multiply-add chain over the inner index in increasing order,
/// starting from 0 (<c>acc = fma(a[i, p], b[p, j], acc)</c>, <see cref="Math.FusedMultiplyAdd"/> on the scalar path);
/// an accumulating product then adds the chain to the destination once (<c>d = d + acc</c>). The sum over rows of
/// <c>Aᵀ·G</c> is cut into fixed blocks of <see cref="ReductionBlock"/> rows: each block's chains give a partial k×m,
/// the partials are added in block order (first + second + …) and the destination gets that total. So row i of
/// <c>A·B</c> depends on row i of A alone (a row multiplied alone has the bits it has in a batch), and threads, which
/// take whole blocks, never change a result.</para>
/// <para>The technique is register blocking, as in the GotoBLAS and BLIS micro-kernels (Goto and van de Geijn,
/// "Anatomy of High-Performance Matrix Multiplication", ACM TOMS 2008; Van Zee and van de Geijn, "BLIS", ACM TOMS
/// 2015): a tile of 4 rows (8 for Aᵀ·G on Vector512) × 2 vectors of the output stays in registers while the inner
/// index runs, each vector loaded from B serves every row of the tile and each element of A broadcast serves 2
/// vectors. There is no packing: an MLP's matrices are narrow (k and m a few dozen), so B and the tile's rows of A
/// stay in L1. One tile code runs on <see cref="Vector512{T}"/>, <see cref="Vector256{T}"/> or plain doubles
/// (<see cref="IWidth{TVector}"/>); the columns a wide vector leaves over go to the next narrower width, and the last
/// 1–3 to zero-padded Vector256 lanes.</para>
/// </remarks>
internal static partial class MatrixKernels
{
    /// <summary>Rows of the output per parallel task of a product (rows are independent: any size gives the same
    /// bits; this one keeps a task's rows of A and C in L2).</summary>
    public const int RowBlock = 256;

    /// <summary>Rows summed into one partial of <c>Aᵀ·G</c>. Fixed, never derived from the thread count: the bits of
    /// the result depend on it.</summary>
    public const int ReductionBlock = 512;

    /// <summary>Multiply-adds (rows × inner × columns) from which a product is worth spreading over threads: a
    /// parallel dispatch costs tens of microseconds, a million multiply-adds a few hundred on one core.</summary>
    public const long ParallelWork = 1L << 20;

    /// <summary><c>c = a·b</c>, or <c>c += a·b</c> when <paramref name="accumulate"/>: a is n×k, b k×m, c n×m.</summary>
    public static void Multiply(double[] a, double[] b, double[] c, int n, int k, int m, bool accumulate,
        KernelWidth width, int threads)
    {
        CheckLength(a, (long)n * k, nameof(a));
        CheckLength(b, (long)k * m, nameof(b));
        CheckLength(c, (long)n * m, nameof(c));
        var blocks = (n + RowBlock - 1) / RowBlock;
        if (threads > 1 && blocks > 1 && (long)n * k * m >= ParallelWork)
        {
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, block =>
            {
                var start = block * RowBlock;
                MultiplyRows(a, b, c, start, Math.Min(n, start + RowBlock), k, m, accumulate, width);
            });
        }
        else
        {
            MultiplyRows(a, b, c, 0, n, k, m, accumulate, width);
        }
    }

    /// <summary><c>ga += g·bᵀ</c>: g is n×m, b k×m, ga n×k (the left operand's gradient of a product with b).</summary>
    public static void MultiplyTransposedRight(double[] g, double[] b, double[] ga, int n, int m, int k,
        KernelWidth width, int threads)
    {
        CheckLength(b, (long)k * m, nameof(b));
        // bᵀ (m×k), so that the product kernel reads contiguous rows: k·m elements, small beside n·k·m work.
        var transposed = ArrayPool<double>.Shared.Rent(k * m);
        for (var p = 0; p < k; p++)
        {
            for (var j = 0; j < m; j++)
                transposed[j * k + p] = b[p * m + j];
        }
        Multiply(g, transposed, ga, n, m, k, accumulate: true, width, threads);
        ArrayPool<double>.Shared.Return(transposed);
    }

    /// <summary><c>gb += aᵀ·g</c>: a is n×k, g n×m, gb k×m (the right operand's gradient of a product), summed over
    /// the rows in blocks of <see cref="ReductionBlock"/> added in block order.</summary>
    public static void MultiplyTransposedLeft(double[] a, double[] g, double[] gb, int n, int k, int m,
        KernelWidth width, int threads)
    {
        CheckLength(a, (long)n * k, nameof(a));
        CheckLength(g, (long)n * m, nameof(g));
        CheckLength(gb, (long)k * m, nameof(gb));
        // A gradient narrower than a vector (3 classes) leaves the vectors idle along m: then each block computes
        // gbᵀ = gᵀ·a (m×k, vectors along k), the same products in the same order (fma(g, a, acc) = fma(a, g, acc)).
        var transposed = m < k;
        var blocks = (n + ReductionBlock - 1) / ReductionBlock;
        if (blocks == 1 && !transposed)
        {
            // One block: its partial is the total, added into gb straight from the registers.
            TransposedLeftBlock(a, g, gb, 0, 0, n, k, m, transposed, accumulate: true, width);
            return;
        }
        var size = k * m;
        var partials = ArrayPool<double>.Shared.Rent(blocks * size);
        if (threads > 1 && blocks > 1 && (long)n * k * m >= ParallelWork)
        {
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, block =>
                TransposedLeftBlock(a, g, partials, block * size, block * ReductionBlock,
                    Math.Min(n, (block + 1) * ReductionBlock), k, m, transposed, accumulate: false, width));
        }
        else
        {
            for (var block = 0; block < blocks; block++)
            {
                TransposedLeftBlock(a, g, partials, block * size, block * ReductionBlock,
                    Math.Min(n, (block + 1) * ReductionBlock), k, m, transposed, accumulate: false, width);
            }
        }
        var total = partials.AsSpan(0, size);
        for (var block = 1; block < blocks; block++)
            AddInto(total, partials.AsSpan(block * size, size), width);
        if (transposed)
        {
            for (var p = 0; p < k; p++)
            {
                for (var j = 0; j < m; j++)
                    gb[p * m + j] += total[j * k + p];
            }
        }
        else
        {
            AddInto(gb.AsSpan(0, size), total, width);
        }
        ArrayPool<double>.Shared.Return(partials);
    }

    /// <summary><c>destination[i] = destination[i] + source[i]</c> (the same IEEE 754 addition on every width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddInto(Span<double> destination, ReadOnlySpan<double> source, KernelWidth width)
    {
        source = source[..destination.Length];
        var i = 0;
        if (width != KernelWidth.Scalar)
        {
            ref var d = ref MemoryMarshal.GetReference(destination);
            ref var s = ref MemoryMarshal.GetReference(source);
            for (; i + Vector256<double>.Count <= destination.Length; i += Vector256<double>.Count)
            {
                (Vector256.LoadUnsafe(ref d, (nuint)i) + Vector256.LoadUnsafe(ref s, (nuint)i))
                    .StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < destination.Length; i++)
            destination[i] = destination[i] + source[i];
    }

    // Rows [start, end) of c = (or +=) a·b.
    private static void MultiplyRows(double[] a, double[] b, double[] c, int start, int end, int k, int m,
        bool accumulate, KernelWidth width) =>
        Compute(width, ref Element(a, (long)start * k), k, 1, ref Element(b, 0), m, ref Element(c, (long)start * m), m,
            end - start, k, m, accumulate);

    // The partial Σ over rows [start, end) of aᵀ·g into destination at offset: output row p reads column p of a
    // (a(p, i) = a[i·k + p]: row stride 1, inner stride k) against the rows of g; transposed, output row j reads
    // column j of g against the rows of a.
    private static void TransposedLeftBlock(double[] a, double[] g, double[] destination, int offset, int start,
        int end, int k, int m, bool transposed, bool accumulate, KernelWidth width)
    {
        if (transposed)
        {
            Compute(width, ref Element(g, (long)start * m), 1, m, ref Element(a, (long)start * k), k,
                ref Element(destination, offset), k, m, end - start, k, accumulate);
        }
        else
        {
            Compute(width, ref Element(a, (long)start * k), 1, k, ref Element(g, (long)start * m), m,
                ref Element(destination, offset), m, k, end - start, m, accumulate);
        }
    }

    private static ref double Element(double[] array, long index) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), (nint)index);

    private static void CheckLength(double[] array, long length, string name)
    {
        if (array.Length < length)
            MicroGradThrow.ArgumentOutOfRange(name, array.Length, $"an array of at least {length} elements");
    }

    // The loops are compiled fully optimised from their first call (AggressiveOptimization): their tier-0 code, without
    // the width's inlined operations, ran 64×32·32×32 in 45–200 µs instead of 2 µs, for thousands of calls before
    // tiered compilation replaced it (a short training run never left it).
    // c[r, j] (= or +=) Σ_q a(r, q)·b[q, j] for r < rows, q < inner, j < columns, where a(r, q) = a[r·ars + q·acs],
    // b's rows are ldb apart and c's ldc apart: the widest vectors first, their leftover columns narrower.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compute(KernelWidth width, ref double a, nint ars, nint acs, ref double b, nint ldb,
        ref double c, nint ldc, int rows, int inner, int columns, bool accumulate)
    {
        var j = 0;
        if (width == KernelWidth.Vector512)
            j = Tiles<Wide512, Vector512<double>>(ref a, ars, acs, ref b, ldb, ref c, ldc, rows, inner, j, columns, accumulate);
        if (width != KernelWidth.Scalar)
            j = Tiles<Wide256, Vector256<double>>(ref a, ars, acs, ref b, ldb, ref c, ldc, rows, inner, j, columns, accumulate);
        if (width != KernelWidth.Scalar && j < columns && inner <= PaddedInner)
            PaddedColumns(ref a, ars, acs, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, j), ldc, rows, inner, columns - j, accumulate);
        else
            Tiles<Narrow, double>(ref a, ars, acs, ref b, ldb, ref c, ldc, rows, inner, j, columns, accumulate);
    }

    /// <summary>Longest inner dimension whose zero-padded B columns go on the stack (16 KB).</summary>
    private const int PaddedInner = 512;

    // The last 1–3 columns (a product with 3 classes has only those) on Vector256 rather than scalar: B's columns
    // copied into 4 zero-padded lanes, 4 rows a tile, each lane the same fma chain as the scalar path; the padding
    // lanes are dropped.
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PaddedColumns(ref double a, nint ars, nint acs, ref double b, nint ldb, ref double c, nint ldc,
        int rows, int inner, int count, bool accumulate)
    {
        const int Lanes = 4;
        Span<double> padded = stackalloc double[inner * Lanes];
        padded.Clear();
        for (var q = 0; q < inner; q++)
        {
            for (var t = 0; t < count; t++)
                padded[q * Lanes + t] = Unsafe.Add(ref b, q * ldb + t);
        }
        Span<double> tile = stackalloc double[4 * Lanes];
        ref var p = ref MemoryMarshal.GetReference(padded);
        ref var o = ref MemoryMarshal.GetReference(tile);
        for (var r = 0; r < rows; r += 4)
        {
            var tileRows = Math.Min(4, rows - r);
            if (tileRows == 4)
            {
                Tile4x1<Wide256, Vector256<double>>(ref Unsafe.Add(ref a, r * ars), ars, acs, ref p, Lanes, ref o, Lanes,
                    inner, accumulate: false);
            }
            else
            {
                for (var i = 0; i < tileRows; i++)
                {
                    Tile1x1<Wide256, Vector256<double>>(ref Unsafe.Add(ref a, (r + i) * ars), acs, ref p, Lanes,
                        ref Unsafe.Add(ref o, i * Lanes), inner, accumulate: false);
                }
            }
            for (var i = 0; i < tileRows; i++)
            {
                ref var row = ref Unsafe.Add(ref c, (r + i) * ldc);
                for (var t = 0; t < count; t++)
                {
                    var v = tile[i * Lanes + t];
                    Unsafe.Add(ref row, t) = accumulate ? Unsafe.Add(ref row, t) + v : v;
                }
            }
        }
    }
}
