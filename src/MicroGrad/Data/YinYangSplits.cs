namespace MicroGrad.Data;

/// <summary>The three splits of <see cref="Datasets.YinYang"/>, in EurekaLabs' order: the first 80 % of the points,
/// the next 10 %, the last 10 % (boundaries <c>int(0.8·n)</c> and <c>int(0.9·n)</c>).</summary>
/// <param name="Train">Training points.</param>
/// <param name="Validation">Validation points.</param>
/// <param name="Test">Test points.</param>
public sealed record YinYangSplits(Dataset Train, Dataset Validation, Dataset Test);
