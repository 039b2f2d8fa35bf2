using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MicroGrad;

// The register tiles of MatrixKernels (see there for the numerical rule and the technique), and the register widths
// they are compiled for.
internal static partial class MatrixKernels
{
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
