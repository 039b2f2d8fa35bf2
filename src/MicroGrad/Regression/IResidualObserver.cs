namespace MicroGrad.Regression;

/// <summary>Sees each row of a residual pass: its features xᵢ, residual eᵢ = yᵢ − b − xᵢ·β and weight wᵢ (1 without
/// weights), in row order.</summary>
internal interface IResidualObserver
{
    void Observe(ReadOnlySpan<double> x, double residual, double weight);
}
