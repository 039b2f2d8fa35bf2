namespace MicroGrad.Regression;

/// <summary>
/// Gradient descent on <c>L(b, β) = (1/m)·Σ(yᵢ − b − zᵢ·β)² + λ·‖β‖²</c> over row-major features. The loss and
/// gradient kernel <see cref="LossAndGradient"/> is one fused, vectorised pass over the rows
/// (<see cref="RegressionKernels.ResidualGradient"/>).
/// </summary>
internal static class GradientDescentSolver
{
    /// <summary>Growing-loss iterations in a row (with the loss above its start) that count as divergence.</summary>
    private const int DivergenceStreak = 10;

    /// <summary>
    /// Loss and gradient over the m = <paramref name="y"/>.Length rows of <paramref name="z"/> (row-major, k wide):
    /// returns L, writes ∂L/∂β = −(2/m)·Σ rᵢ·zᵢ + 2λβ into <paramref name="gradBeta"/> and ∂L/∂b = −(2/m)·Σ rᵢ, with
    /// residuals rᵢ = yᵢ − b − zᵢ·β: one fused pass (<see cref="RegressionKernels.ResidualGradient"/>), vectorised
    /// unless <see cref="Simd.Enabled"/> is off
    /// (<c>simd</c> forces a path: false is the scalar reference).
    /// </summary>
    public static double LossAndGradient(ReadOnlySpan<double> z, ReadOnlySpan<double> y, ReadOnlySpan<double> beta,
        double b, double l2, Span<double> gradBeta, out double gradB, bool? simd = null)
    {
        var m = y.Length;
        gradBeta.Clear();
        double sse = 0, sumR = 0;
        RegressionKernels.ResidualGradient(z, y, beta, b, gradBeta, ref sse, ref sumR, simd ?? Simd.Enabled);
        return Finish(m, beta, l2, gradBeta, sse, sumR, out gradB);
    }

    /// <summary>From the sums Σr², Σr and Σr·z over m rows: the loss, and the gradient scaled in place.</summary>
    internal static double Finish(long m, ReadOnlySpan<double> beta, double l2, Span<double> gradBeta, double sse, double sumR, out double gradB)
    {
        var penalty = 0.0;
        for (var j = 0; j < beta.Length; j++)
        {
            gradBeta[j] = -2.0 * gradBeta[j] / m + 2.0 * l2 * beta[j];
            penalty += beta[j] * beta[j];
        }
        gradB = -2.0 * sumR / m;
        return sse / m + l2 * penalty;
    }

    /// <summary>Where full-batch gradient descent gets its sums: the rows in memory, or a file's cached blocks.</summary>
    internal interface IRows
    {
        /// <summary>Rows m.</summary>
        long Count { get; }

        /// <summary>Accumulates Σ rᵢ·zᵢ into <paramref name="gradient"/>, Σ rᵢ² and Σ rᵢ over every row (as
        /// <see cref="RegressionKernels.ResidualGradient"/> does).</summary>
        void ResidualGradient(ReadOnlySpan<double> beta, double b, Span<double> gradient, ref double sumSquares, ref double sumResiduals);
    }

    /// <summary>Row-major z and y in memory: one kernel call over all rows.</summary>
    private readonly struct InMemoryRows(double[] z, double[] y) : IRows
    {
        public long Count => y.Length;

        public void ResidualGradient(ReadOnlySpan<double> beta, double b, Span<double> gradient, ref double sumSquares, ref double sumResiduals) =>
            RegressionKernels.ResidualGradient(z, y, beta, b, gradient, ref sumSquares, ref sumResiduals, Simd.Enabled);
    }

    /// <summary>Full-batch gradient descent from b = 0, β = 0. Returns the loss history (initial loss first).</summary>
    public static double[] FullBatch(double[] z, double[] y, int k, bool fitIntercept, LinearRegressionOptions o,
        double[] beta, out double b) =>
        FullBatch(new InMemoryRows(z, y), k, fitIntercept, o, beta, out b);

    /// <summary>Full-batch gradient descent over any <see cref="IRows"/> from b = 0, β = 0.</summary>
    public static double[] FullBatch<TRows>(TRows rows, int k, bool fitIntercept, LinearRegressionOptions o,
        double[] beta, out double b) where TRows : IRows
    {
        b = 0;
        var grad = new double[k];
        var history = new List<double>(Math.Min(o.MaxIterations, 1 << 16) + 1);
        var monitor = new Monitor("Gradient descent", o);
        for (var t = 0; ; t++)
        {
            grad.AsSpan().Clear();
            double sse = 0, sumR = 0;
            rows.ResidualGradient(beta, b, grad, ref sse, ref sumR);
            var loss = Finish(rows.Count, beta, o.L2, grad, sse, sumR, out var gradB);
            history.Add(loss);
            if (monitor.ShouldStop(t, loss) || t == o.MaxIterations)
                break;
            for (var j = 0; j < k; j++)
                beta[j] -= o.LearningRate * grad[j];
            if (fitIntercept)
                b -= o.LearningRate * gradB;
        }
        return [.. history];
    }

    /// <summary>Mini-batch SGD from b = 0, β = 0, rows shuffled each epoch by <see cref="Rng"/>; returns the
    /// Polyak–Ruppert average of the iterates over the second half of the epochs (tail averaging) in <paramref name="beta"/> and
    /// <paramref name="b"/>, and the full-data loss of that average after each epoch (initial loss first).</summary>
    public static double[] Stochastic(double[] z, double[] y, int k, bool fitIntercept, LinearRegressionOptions o,
        double[] beta, out double b)
    {
        var n = y.Length;
        var batch = Math.Min(o.BatchSize, n);
        var rng = new Rng(o.Seed);
        var order = new int[n];
        for (var i = 0; i < n; i++)
            order[i] = i;
        var zBatch = new double[batch * k];
        var yBatch = new double[batch];
        var grad = new double[k];
        var w = new double[k];
        double wb = 0;
        b = 0;
        long averaged = 0;
        var history = new List<double>(Math.Min(o.MaxIterations, 1 << 16) + 1);
        var monitor = new Monitor("Stochastic gradient descent", o);
        var burnIn = Math.Max(1, o.MaxIterations / 2);
        for (var epoch = 0; ; epoch++)
        {
            var loss = LossAndGradient(z, y, beta, b, o.L2, grad, out _);
            history.Add(loss);
            if (monitor.ShouldStop(epoch, loss) || epoch == o.MaxIterations)
                break;
            rng.Shuffle<int>(order);
            var rate = StochasticRate(o, epoch);
            for (var start = 0; start < n; start += batch)
            {
                var m = Math.Min(batch, n - start);
                for (var r = 0; r < m; r++)
                {
                    var row = order[start + r];
                    z.AsSpan(row * k, k).CopyTo(zBatch.AsSpan(r * k, k));
                    yBatch[r] = y[row];
                }
                LossAndGradient(zBatch.AsSpan(0, m * k), yBatch.AsSpan(0, m), w, wb, o.L2, grad, out var gradB);
                for (var j = 0; j < k; j++)
                    w[j] -= rate * grad[j];
                if (fitIntercept)
                    wb -= rate * gradB;
                if (epoch < burnIn)
                {
                    // Burn-in: the average follows the iterate (tail averaging drops the transient from zero).
                    w.CopyTo(beta, 0);
                    b = wb;
                    continue;
                }
                averaged++;
                for (var j = 0; j < k; j++)
                    beta[j] += (w[j] - beta[j]) / averaged;
                b += (wb - b) / averaged;
            }
        }
        return [.. history];
    }

    /// <summary>SGD's schedule: LearningRate/(1 + 10·epoch/MaxIterations), decaying to a tenth by the end (a
    /// constant step leaves an O(step) bias with reshuffled batches that averaging alone does not remove).</summary>
    internal static double StochasticRate(LinearRegressionOptions o, int epoch) =>
        o.LearningRate / (1.0 + 10.0 * epoch / Math.Max(1, o.MaxIterations));

    /// <summary>Early stopping (<see cref="LinearRegressionOptions.Tolerance"/>) and divergence detection.</summary>
    private struct Monitor(string solver, LinearRegressionOptions options)
    {
        private double _first = double.NaN;
        private double _previous = double.NaN;
        private int _growing;

        public bool ShouldStop(int iteration, double loss)
        {
            if (!double.IsFinite(loss))
                MicroGradThrow.TrainingDiverged_Iteration(solver, iteration, loss, options.LearningRate);
            if (iteration == 0)
            {
                _first = loss;
                _previous = loss;
                return false;
            }
            _growing = loss > _previous ? _growing + 1 : 0;
            if (_growing >= DivergenceStreak && loss > _first)
                MicroGradThrow.TrainingDiverged_Iteration(solver, iteration, loss, options.LearningRate);
            var improvement = _previous - loss;
            _previous = loss;
            return options.Tolerance > 0 && improvement >= 0 && improvement <= options.Tolerance * Math.Max(_previous + improvement, double.Epsilon);
        }
    }
}
