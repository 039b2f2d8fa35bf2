namespace MicroGrad.Regression;

/// <summary>Settings of <see cref="LinearRegression"/>. Every default is a named constant.</summary>
public sealed record LinearRegressionOptions
{
    /// <summary>Default of <see cref="FitIntercept"/>: true.</summary>
    public const bool DefaultFitIntercept = true;

    /// <summary>Default of <see cref="Solver"/>: <see cref="LinearSolver.Qr"/>.</summary>
    public const LinearSolver DefaultSolver = LinearSolver.Qr;

    /// <summary>Default of <see cref="LearningRate"/>: 0.01 (the exercise's).</summary>
    public const double DefaultLearningRate = 0.01;

    /// <summary>Default of <see cref="MaxIterations"/>: 1000.</summary>
    public const int DefaultMaxIterations = 1000;

    /// <summary>Default of <see cref="Tolerance"/>: 1e-10.</summary>
    public const double DefaultTolerance = 1e-10;

    /// <summary>Default of <see cref="BatchSize"/>: 32.</summary>
    public const int DefaultBatchSize = 32;

    /// <summary>Default of <see cref="Seed"/>: 42.</summary>
    public const ulong DefaultSeed = 42;

    /// <summary>Default of <see cref="RankTolerance"/>: 1e-10.</summary>
    public const double DefaultRankTolerance = 1e-10;

    /// <summary>Default <see cref="Covariance"/>: <see cref="CovarianceType.NonRobust"/>.</summary>
    public const CovarianceType DefaultCovariance = CovarianceType.NonRobust;

    /// <summary>Whether to fit an intercept b in ŷ = b + x·β (true by default). Without one, R² is uncentered.</summary>
    public bool FitIntercept { get; init; } = DefaultFitIntercept;

    /// <summary>The algorithm (QR by default).</summary>
    public LinearSolver Solver { get; init; } = DefaultSolver;

    /// <summary>Step size of the gradient solvers.</summary>
    public double LearningRate { get; init; } = DefaultLearningRate;

    /// <summary>Maximum iterations of the gradient solvers (full passes; for SGD, epochs).</summary>
    public int MaxIterations { get; init; } = DefaultMaxIterations;

    /// <summary>
    /// Early stopping of the gradient solvers: stop after iteration t when the loss improved by at most
    /// <c>Tolerance·max(L_{t−1}, ε)</c>, i.e. <c>L_{t−1} − L_t ≤ Tolerance·L_{t−1}</c> (relative improvement).
    /// 0 disables it: exactly <see cref="MaxIterations"/> iterations run.
    /// </summary>
    public double Tolerance { get; init; } = DefaultTolerance;

    /// <summary>Rows per step of <see cref="LinearSolver.StochasticGradientDescent"/> (the last batch of an epoch
    /// may be smaller).</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>
    /// Fit on standardised features zⱼ = (xⱼ − meanⱼ)/sdⱼ (population standard deviation; a constant column keeps
    /// sd = 1) and report the coefficients in the original units: βⱼ = β_zⱼ/sdⱼ, b = b_z − Σ β_zⱼ·meanⱼ/sdⱼ. Without
    /// an intercept the features are only divided by sdⱼ (centring would change the model). It leaves the QR
    /// solution unchanged (except with <see cref="L2"/>, whose penalty then applies to β_z) and lets gradient
    /// descent use one learning rate for features of any scale.
    /// </summary>
    public bool Standardize { get; init; }

    /// <summary>
    /// Ridge penalty λ ≥ 0: the solvers minimise <c>(1/n)·Σ(yᵢ − b − xᵢ·β)² + λ·‖β‖²</c>, the intercept b not
    /// penalised. This is scikit-learn's <c>Ridge(alpha = n·λ)</c>. With <see cref="Standardize"/> the penalty
    /// applies to the standardised coefficients. The summary's inferential statistics (standard errors, t, p,
    /// intervals) are undefined for λ &gt; 0 and named in <see cref="RegressionSummary.Undefined"/>.
    /// </summary>
    public double L2 { get; init; }

    /// <summary>Seed of the <see cref="Rng"/> that shuffles the rows for SGD (non-zero).</summary>
    public ulong Seed { get; init; } = DefaultSeed;

    /// <summary>
    /// Numerical rank threshold. The columns (centred when there is an intercept) are scaled to unit norm and
    /// factored by pivoted QR; the rank is the number of diagonal entries with |Rⱼⱼ| &gt; RankTolerance·|R₀₀|. A
    /// column whose part orthogonal to the others is smaller than that is reported as collinear.
    /// </summary>
    public double RankTolerance { get; init; } = DefaultRankTolerance;

    /// <summary>
    /// Folder of the binary caches that gradient descent over a CSV file reads (see
    /// <see cref="LinearRegression.FitCsvStreaming"/>); null (default) for the user's own cache folder
    /// (<c>~/.cache/micrograd</c>, <c>$XDG_CACHE_HOME/micrograd</c> or <c>%LOCALAPPDATA%\MicroGrad\Cache</c>).
    /// A cache is keyed by the CSV's full path, size, last-write time and selected columns, and rebuilt when any of
    /// them changes or the file fails validation. Deleting the folder is always safe.
    /// </summary>
    public string? CacheFolder { get; init; }

    /// <summary>What to do with a rank-deficient design: throw (default) or return the minimum-norm solution.</summary>
    public RankDeficiency RankDeficiency { get; init; } = RankDeficiency.Throw;

    /// <summary>Whether <see cref="LinearRegression.FitCsv"/> fits a file out of core: above
    /// <see cref="LinearRegression.StreamingThresholdBytes"/> (<see cref="StreamingMode.Auto"/>, the default), always,
    /// or never. <see cref="LinearRegression.IsStreamed"/> says what it will do for a given file.</summary>
    public StreamingMode Streaming { get; init; } = StreamingMode.Auto;

    /// <summary>
    /// The covariance behind the summary's standard errors, t, p values and confidence intervals, and behind
    /// <see cref="LinearRegressionModel.PredictIntervals"/>. A robust (HC) covariance uses the normal distribution for
    /// p values and intervals (z, not t) and a Wald test for F, as statsmodels does by default for robust fits
    /// (<c>use_t=False</c>); R², the likelihood and the information criteria do not change.
    /// </summary>
    public CovarianceType Covariance { get; init; } = DefaultCovariance;
}
