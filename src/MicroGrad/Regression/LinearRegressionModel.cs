namespace MicroGrad.Regression;

/// <summary>A fitted linear model ŷ = <see cref="Intercept"/> + x·<see cref="Coefficients"/>, with its statistics.</summary>
public sealed partial class LinearRegressionModel
{
    private readonly double[] _coefficients;
    private readonly double[] _lossHistory;

    internal LinearRegressionModel(double intercept, double[] coefficients, IReadOnlyList<string> featureNames,
        double[] lossHistory, RegressionSummary summary, LinearInference? inference = null, string? noInference = null)
    {
        Inference = inference;
        _noInference = noInference;
        Intercept = intercept;
        _coefficients = coefficients;
        FeatureNames = featureNames;
        _lossHistory = lossHistory;
        Summary = summary;
    }

    /// <summary>The intercept b (0 when the model was fitted without one).</summary>
    public double Intercept { get; }

    /// <summary>The coefficients β, one per feature, in the original units of the features.</summary>
    public IReadOnlyList<double> Coefficients => _coefficients;

    /// <summary>The feature names (given, or x1, x2, … as statsmodels names them).</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>For the gradient solvers, the training loss (1/n)·Σ(yᵢ − ŷᵢ)² + λ‖β‖² on the working (standardised,
    /// if asked) features: entry 0 at the start (all zeros), entry t after t iterations (epochs for SGD, where the
    /// loss is that of the averaged coefficients). Empty for QR.</summary>
    public IReadOnlyList<double> LossHistory => _lossHistory;

    /// <summary>The statistics of the fit (statsmodels' OLS summary).</summary>
    public RegressionSummary Summary { get; }

    /// <summary>ŷ = b + x·β for one observation.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have one value per feature.</exception>
    public double Predict(ReadOnlySpan<double> x)
    {
        if (x.Length != _coefficients.Length)
            MicroGradThrow.Argument_LengthMismatch(nameof(x), x.Length, _coefficients.Length, "one value per feature");
        return Intercept + LeastSquares.Dot(x, _coefficients);
    }

    /// <summary>ŷ for each row of <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty, ragged, or of the wrong width.</exception>
    public double[] Predict(double[][] x)
    {
        var k = RegressionInput.Matrix(x, nameof(x), requireFinite: false);
        if (k != _coefficients.Length)
            MicroGradThrow.Argument_LengthMismatch(nameof(x) + "[0]", k, _coefficients.Length, "one column per feature");
        var result = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
            result[i] = Intercept + LeastSquares.Dot(x[i], _coefficients);
        return result;
    }

    /// <summary>The summary table (<see cref="RegressionSummary.ToString"/>).</summary>
    public override string ToString() => Summary.ToString();
}
