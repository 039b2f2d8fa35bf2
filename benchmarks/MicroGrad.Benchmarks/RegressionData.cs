namespace MicroGrad.Benchmarks;

/// <summary>The regression workloads' data, as the PyTorch baseline builds it: N rows of k standard-normal features
/// (seeded <see cref="Rng"/>), y = X·w + 0.1·noise with w = (1, 2, …, k)/k.</summary>
internal static class RegressionData
{
    public const int Rows = 1_000_000;
    public const int Columns = 8;

    public static (double[] X, double[] Y) RowMajor(int n = Rows, int k = Columns, ulong seed = 1337)
    {
        var rng = new Rng(seed);
        var x = new double[n * k];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = 0.0;
            for (var j = 0; j < k; j++)
            {
                var v = rng.Normal();
                x[i * k + j] = v;
                s += v * (j + 1) / k;
            }
            y[i] = s + 0.1 * rng.Normal();
        }
        return (x, y);
    }

    public static double[][] Jagged(double[] x, int k)
    {
        var rows = new double[x.Length / k][];
        for (var i = 0; i < rows.Length; i++)
            rows[i] = x.AsSpan(i * k, k).ToArray();
        return rows;
    }
}
