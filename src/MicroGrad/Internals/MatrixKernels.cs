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
internal static class MatrixKernels
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

    // Columns from j on, in tiles of 2 vectors then 1, each over every row (4 rows a tile, then one at a time);
    // returns the first column it left (fewer than one vector's worth remain).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Tiles<TWidth, TVector>(ref double a, nint ars, nint acs, ref double b, nint ldb, ref double c,
        nint ldc, int rows, int inner, int j, int columns, bool accumulate)
        where TWidth : struct, IWidth<TVector>
        where TVector : struct
    {
        var w = TWidth.Count;
        for (; j + 2 * w <= columns; j += 2 * w)
        {
            var r = 0;
            // Aᵀ·G on 512-bit vectors (32 registers): tiles of 8 rows (16 accumulators), whose 8 elements of A are
            // adjacent, halve the loads of G per multiply-add (measured: dB 20000×32·32×32 1.37 → 0.98 ms; the same
            // tile made A·B slower, 0.84 → 1.0 ms, its 8 rows of A being 8 cache lines apart).
            if (w == 8 && ars == 1)
            {
                for (; r + 8 <= rows; r += 8)
                {
                    Tile8x2<TWidth, TVector>(ref Unsafe.Add(ref a, r * ars), ars, acs, ref Unsafe.Add(ref b, j), ldb,
                        ref Unsafe.Add(ref c, r * ldc + j), ldc, inner, accumulate);
                }
            }
            for (; r + 4 <= rows; r += 4)
            {
                Tile4x2<TWidth, TVector>(ref Unsafe.Add(ref a, r * ars), ars, acs, ref Unsafe.Add(ref b, j), ldb,
                    ref Unsafe.Add(ref c, r * ldc + j), ldc, inner, accumulate);
            }
            for (; r < rows; r++)
            {
                Tile1x2<TWidth, TVector>(ref Unsafe.Add(ref a, r * ars), acs, ref Unsafe.Add(ref b, j), ldb,
                    ref Unsafe.Add(ref c, r * ldc + j), inner, accumulate);
            }
        }
        for (; j + w <= columns; j += w)
        {
            var r = 0;
            for (; r + 4 <= rows; r += 4)
            {
                Tile4x1<TWidth, TVector>(ref Unsafe.Add(ref a, r * ars), ars, acs, ref Unsafe.Add(ref b, j), ldb,
                    ref Unsafe.Add(ref c, r * ldc + j), ldc, inner, accumulate);
            }
            for (; r < rows; r++)
            {
                Tile1x1<TWidth, TVector>(ref Unsafe.Add(ref a, r * ars), acs, ref Unsafe.Add(ref b, j), ldb,
                    ref Unsafe.Add(ref c, r * ldc + j), inner, accumulate);
            }
        }
        return j;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile8x2<TWidth, TVector>(ref double a, nint ars, nint acs, ref double b, nint ldb,
        ref double c, nint ldc, int inner, bool accumulate)
        where TWidth : struct, IWidth<TVector>
        where TVector : struct
    {
        var w = TWidth.Count;
        TVector c00 = TWidth.Zero, c01 = TWidth.Zero, c10 = TWidth.Zero, c11 = TWidth.Zero;
        TVector c20 = TWidth.Zero, c21 = TWidth.Zero, c30 = TWidth.Zero, c31 = TWidth.Zero;
        TVector c40 = TWidth.Zero, c41 = TWidth.Zero, c50 = TWidth.Zero, c51 = TWidth.Zero;
        TVector c60 = TWidth.Zero, c61 = TWidth.Zero, c70 = TWidth.Zero, c71 = TWidth.Zero;
        for (nint q = 0, qa = 0; q < inner; q++, qa += acs)
        {
            ref var bq = ref Unsafe.Add(ref b, q * ldb);
            var b0 = TWidth.Load(ref bq);
            var b1 = TWidth.Load(ref Unsafe.Add(ref bq, w));
            ref var aq = ref Unsafe.Add(ref a, qa);
            var x = TWidth.Broadcast(aq);
            c00 = TWidth.FusedMultiplyAdd(x, b0, c00);
            c01 = TWidth.FusedMultiplyAdd(x, b1, c01);
            x = TWidth.Broadcast(Unsafe.Add(ref aq, ars));
            c10 = TWidth.FusedMultiplyAdd(x, b0, c10);
            c11 = TWidth.FusedMultiplyAdd(x, b1, c11);
            x = TWidth.Broadcast(Unsafe.Add(ref aq, 2 * ars));
            c20 = TWidth.FusedMultiplyAdd(x, b0, c20);
            c21 = TWidth.FusedMultiplyAdd(x, b1, c21);
            x = TWidth.Broadcast(Unsafe.Add(ref aq, 3 * ars));
            c30 = TWidth.FusedMultiplyAdd(x, b0, c30);
            c31 = TWidth.FusedMultiplyAdd(x, b1, c31);
            x = TWidth.Broadcast(Unsafe.Add(ref aq, 4 * ars));
            c40 = TWidth.FusedMultiplyAdd(x, b0, c40);
            c41 = TWidth.FusedMultiplyAdd(x, b1, c41);
            x = TWidth.Broadcast(Unsafe.Add(ref aq, 5 * ars));
            c50 = TWidth.FusedMultiplyAdd(x, b0, c50);
            c51 = TWidth.FusedMultiplyAdd(x, b1, c51);
            x = TWidth.Broadcast(Unsafe.Add(ref aq, 6 * ars));
            c60 = TWidth.FusedMultiplyAdd(x, b0, c60);
            c61 = TWidth.FusedMultiplyAdd(x, b1, c61);
            x = TWidth.Broadcast(Unsafe.Add(ref aq, 7 * ars));
            c70 = TWidth.FusedMultiplyAdd(x, b0, c70);
            c71 = TWidth.FusedMultiplyAdd(x, b1, c71);
        }
        Put<TWidth, TVector>(c00, c01, ref c, accumulate);
        Put<TWidth, TVector>(c10, c11, ref Unsafe.Add(ref c, ldc), accumulate);
        Put<TWidth, TVector>(c20, c21, ref Unsafe.Add(ref c, 2 * ldc), accumulate);
        Put<TWidth, TVector>(c30, c31, ref Unsafe.Add(ref c, 3 * ldc), accumulate);
        Put<TWidth, TVector>(c40, c41, ref Unsafe.Add(ref c, 4 * ldc), accumulate);
        Put<TWidth, TVector>(c50, c51, ref Unsafe.Add(ref c, 5 * ldc), accumulate);
        Put<TWidth, TVector>(c60, c61, ref Unsafe.Add(ref c, 6 * ldc), accumulate);
        Put<TWidth, TVector>(c70, c71, ref Unsafe.Add(ref c, 7 * ldc), accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x2<TWidth, TVector>(ref double a, nint ars, nint acs, ref double b, nint ldb,
        ref double c, nint ldc, int inner, bool accumulate)
        where TWidth : struct, IWidth<TVector>
        where TVector : struct
    {
        var w = TWidth.Count;
        TVector c00 = TWidth.Zero, c01 = TWidth.Zero, c10 = TWidth.Zero, c11 = TWidth.Zero;
        TVector c20 = TWidth.Zero, c21 = TWidth.Zero, c30 = TWidth.Zero, c31 = TWidth.Zero;
        ref var a1 = ref Unsafe.Add(ref a, ars);
        ref var a2 = ref Unsafe.Add(ref a, 2 * ars);
        ref var a3 = ref Unsafe.Add(ref a, 3 * ars);
        for (nint q = 0, qa = 0; q < inner; q++, qa += acs)
        {
            ref var bq = ref Unsafe.Add(ref b, q * ldb);
            var b0 = TWidth.Load(ref bq);
            var b1 = TWidth.Load(ref Unsafe.Add(ref bq, w));
            var x = TWidth.Broadcast(Unsafe.Add(ref a, qa));
            c00 = TWidth.FusedMultiplyAdd(x, b0, c00);
            c01 = TWidth.FusedMultiplyAdd(x, b1, c01);
            x = TWidth.Broadcast(Unsafe.Add(ref a1, qa));
            c10 = TWidth.FusedMultiplyAdd(x, b0, c10);
            c11 = TWidth.FusedMultiplyAdd(x, b1, c11);
            x = TWidth.Broadcast(Unsafe.Add(ref a2, qa));
            c20 = TWidth.FusedMultiplyAdd(x, b0, c20);
            c21 = TWidth.FusedMultiplyAdd(x, b1, c21);
            x = TWidth.Broadcast(Unsafe.Add(ref a3, qa));
            c30 = TWidth.FusedMultiplyAdd(x, b0, c30);
            c31 = TWidth.FusedMultiplyAdd(x, b1, c31);
        }
        Put<TWidth, TVector>(c00, c01, ref c, accumulate);
        Put<TWidth, TVector>(c10, c11, ref Unsafe.Add(ref c, ldc), accumulate);
        Put<TWidth, TVector>(c20, c21, ref Unsafe.Add(ref c, 2 * ldc), accumulate);
        Put<TWidth, TVector>(c30, c31, ref Unsafe.Add(ref c, 3 * ldc), accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x1<TWidth, TVector>(ref double a, nint ars, nint acs, ref double b, nint ldb,
        ref double c, nint ldc, int inner, bool accumulate)
        where TWidth : struct, IWidth<TVector>
        where TVector : struct
    {
        TVector c0 = TWidth.Zero, c1 = TWidth.Zero, c2 = TWidth.Zero, c3 = TWidth.Zero;
        ref var a1 = ref Unsafe.Add(ref a, ars);
        ref var a2 = ref Unsafe.Add(ref a, 2 * ars);
        ref var a3 = ref Unsafe.Add(ref a, 3 * ars);
        for (nint q = 0, qa = 0; q < inner; q++, qa += acs)
        {
            var bq = TWidth.Load(ref Unsafe.Add(ref b, q * ldb));
            c0 = TWidth.FusedMultiplyAdd(TWidth.Broadcast(Unsafe.Add(ref a, qa)), bq, c0);
            c1 = TWidth.FusedMultiplyAdd(TWidth.Broadcast(Unsafe.Add(ref a1, qa)), bq, c1);
            c2 = TWidth.FusedMultiplyAdd(TWidth.Broadcast(Unsafe.Add(ref a2, qa)), bq, c2);
            c3 = TWidth.FusedMultiplyAdd(TWidth.Broadcast(Unsafe.Add(ref a3, qa)), bq, c3);
        }
        Put<TWidth, TVector>(c0, ref c, accumulate);
        Put<TWidth, TVector>(c1, ref Unsafe.Add(ref c, ldc), accumulate);
        Put<TWidth, TVector>(c2, ref Unsafe.Add(ref c, 2 * ldc), accumulate);
        Put<TWidth, TVector>(c3, ref Unsafe.Add(ref c, 3 * ldc), accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile1x2<TWidth, TVector>(ref double a, nint acs, ref double b, nint ldb, ref double c,
        int inner, bool accumulate)
        where TWidth : struct, IWidth<TVector>
        where TVector : struct
    {
        var w = TWidth.Count;
        TVector c0 = TWidth.Zero, c1 = TWidth.Zero;
        for (nint q = 0, qa = 0; q < inner; q++, qa += acs)
        {
            ref var bq = ref Unsafe.Add(ref b, q * ldb);
            var x = TWidth.Broadcast(Unsafe.Add(ref a, qa));
            c0 = TWidth.FusedMultiplyAdd(x, TWidth.Load(ref bq), c0);
            c1 = TWidth.FusedMultiplyAdd(x, TWidth.Load(ref Unsafe.Add(ref bq, w)), c1);
        }
        Put<TWidth, TVector>(c0, c1, ref c, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile1x1<TWidth, TVector>(ref double a, nint acs, ref double b, nint ldb, ref double c,
        int inner, bool accumulate)
        where TWidth : struct, IWidth<TVector>
        where TVector : struct
    {
        var c0 = TWidth.Zero;
        for (nint q = 0, qa = 0; q < inner; q++, qa += acs)
            c0 = TWidth.FusedMultiplyAdd(TWidth.Broadcast(Unsafe.Add(ref a, qa)), TWidth.Load(ref Unsafe.Add(ref b, q * ldb)), c0);
        Put<TWidth, TVector>(c0, ref c, accumulate);
    }

    // A tile row's two vectors into c: assigned, or added to what c holds (c + chain, once).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<TWidth, TVector>(TVector v0, TVector v1, ref double c, bool accumulate)
        where TWidth : struct, IWidth<TVector>
        where TVector : struct
    {
        Put<TWidth, TVector>(v0, ref c, accumulate);
        Put<TWidth, TVector>(v1, ref Unsafe.Add(ref c, TWidth.Count), accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<TWidth, TVector>(TVector v, ref double c, bool accumulate)
        where TWidth : struct, IWidth<TVector>
        where TVector : struct =>
        TWidth.Store(accumulate ? TWidth.Add(TWidth.Load(ref c), v) : v, ref c);

    /// <summary>The operations the tile code needs, on one register width (static abstract members on a struct, so
    /// the JIT compiles one specialised, inlined copy of the tiles per width).</summary>
    private interface IWidth<TVector>
        where TVector : struct
    {
        static abstract int Count { get; }
        static abstract TVector Zero { get; }
        static abstract TVector Load(ref double source);
        static abstract void Store(TVector value, ref double destination);
        static abstract TVector Broadcast(double value);
        /// <summary><c>a·b + c</c> rounded once.</summary>
        static abstract TVector FusedMultiplyAdd(TVector a, TVector b, TVector c);
        static abstract TVector Add(TVector a, TVector b);
    }

    private readonly struct Wide512 : IWidth<Vector512<double>>
    {
        public static int Count => Vector512<double>.Count;
        public static Vector512<double> Zero => Vector512<double>.Zero;
        public static Vector512<double> Load(ref double source) => Vector512.LoadUnsafe(ref source);
        public static void Store(Vector512<double> value, ref double destination) => value.StoreUnsafe(ref destination);
        public static Vector512<double> Broadcast(double value) => Vector512.Create(value);
        public static Vector512<double> FusedMultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) =>
            Vector512.FusedMultiplyAdd(a, b, c);
        public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
    }

    private readonly struct Wide256 : IWidth<Vector256<double>>
    {
        public static int Count => Vector256<double>.Count;
        public static Vector256<double> Zero => Vector256<double>.Zero;
        public static Vector256<double> Load(ref double source) => Vector256.LoadUnsafe(ref source);
        public static void Store(Vector256<double> value, ref double destination) => value.StoreUnsafe(ref destination);
        public static Vector256<double> Broadcast(double value) => Vector256.Create(value);
        public static Vector256<double> FusedMultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) =>
            Vector256.FusedMultiplyAdd(a, b, c);
        public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
    }

    private readonly struct Narrow : IWidth<double>
    {
        public static int Count => 1;
        public static double Zero => 0.0;
        public static double Load(ref double source) => source;
        public static void Store(double value, ref double destination) => destination = value;
        public static double Broadcast(double value) => value;
        public static double FusedMultiplyAdd(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);
        public static double Add(double a, double b) => a + b;
    }
}
