using MicroGrad.NN;
using MicroGrad.Tests.Cli;

namespace MicroGrad.Tests.NN;

/// <summary>
/// Networks too large to build are refused before anything is allocated (issue 15, item 3): the parameter count is
/// counted without overflow and compared with what one model can hold and with the memory available, and the
/// message says what the network needs. Each case asks for far more than any machine has (terabytes or more), so
/// that the outcome does not depend on the machine running the test.
/// </summary>
public sealed class NetworkSizeTests : IDisposable
{
    private const int Max = int.MaxValue;
    private readonly string _dir = Directory.CreateTempSubdirectory("micrograd-size-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // 2-2³¹-…-1-2: Σ (fan-in + 1)·size is 1 modulo 2⁶⁴, so a 64-bit count that wraps says this architecture has
    // exactly one parameter, the one the file holds.
    private const string WrappingModel =
        """{"format":"micrograd-mlp","version":1,"inputs":2,"layerSizes":[2147483647,2147483647,2147483647,2147483647,2147483647,1,2],"hiddenActivation":"relu","outputActivation":"linear","parameters":[0.5]}""";

    [Fact]
    public void A_network_whose_parameter_count_overflows_64_bits_is_refused_by_the_constructor()
    {
        var e = Assert.Throws<InsufficientMemoryException>(() => new Mlp(2, [Max, Max, Max, Max, Max, 1, 2]));
        Assert.Contains("needs more than 2⁶³ parameters", e.Message, StringComparison.Ordinal);
        Assert.Contains("2-2147483647-2147483647-2147483647-2147483647-2147483647-1-2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_larger_than_the_available_memory_is_refused_saying_what_it_needs_and_what_is_available()
    {
        // 1001·2,000,000 = 2,002,000,000 parameters: fewer than one array holds (Array.MaxLength), so this is the
        // memory check, at 128 bytes each 238.7 GB (2,002,000,000·128 / 2³⁰), more than a test machine has.
        var e = Assert.Throws<InsufficientMemoryException>(() => new Mlp(1000, [2_000_000]));
        Assert.Contains("1000-2000000 needs 2,002,000,000 parameters, about 238.7 GB, but ", e.Message, StringComparison.Ordinal);
        Assert.Contains(" GB is available", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_layer_too_large_is_refused_too()
    {
        // (2147483646 + 1)·2147483647 = 4,611,686,014,132,420,609 weights and biases (Python: (2**31 - 1)**2).
        var e = Assert.Throws<InsufficientMemoryException>(() => new Layer(Max - 1, Max));
        Assert.Contains("2147483646-2147483647 needs 4,611,686,014,132,420,609 parameters, more than one model can hold", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_crafted_model_file_whose_parameter_count_wraps_is_an_input_error_naming_the_field()
    {
        var path = CsvFixtures.Write(_dir, "crafted.json", WrappingModel);
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(path));
        Assert.Contains("field 'layerSizes' must describe a network that fits in memory", e.Message, StringComparison.Ordinal);

        var data = CsvFixtures.Write(_dir, "x.csv", "a,b\n1,2\n");
        var r = MicroGrad.Tests.Cli.Cli.Run("predict", "--model", path, "--data", data);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("field 'layerSizes' must describe a network that fits in memory", r.Error, StringComparison.Ordinal);
    }

    // Rows, and a width making each rows×width matrix of a step half the memory available: each alone passes the
    // per-matrix check (Tensor.CheckSize), but a step holds several (output, gradient, mask), so it cannot fit. The
    // width follows this machine's memory, so that the outcome does not.
    private const int StepRows = 100_000;

    private static int HalfMemoryWidth() =>
        (int)Math.Min(int.MaxValue / 4, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2 / (8L * StepRows));

    [Fact]
    public void A_training_step_whose_matrices_together_exceed_memory_is_refused_before_the_first_step()
    {
        var x = new double[StepRows][];
        var y = new double[StepRows];
        for (var i = 0; i < StepRows; i++)
            (x[i], y[i]) = ([i % 7, i % 5], i % 2 == 0 ? 1 : -1);
        var model = new Mlp(2, [HalfMemoryWidth(), 1]);
        var before = model.GetParameterValues();

        var e = Assert.Throws<InsufficientMemoryException>(() => Trainer.Fit(new Objective(model, x, y, LossKind.Hinge),
            new Sgd(model.Parameters(), 0.1), new TrainingOptions { Steps = 1 }));
        Assert.Contains("Expected a training step that fits in memory; a step of 2-", e.Message, StringComparison.Ordinal);
        Assert.Contains(" over 100,000 rows holds 100,000 × ", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, model.GetParameterValues());
    }

    [Fact]
    public void Train_refuses_layers_too_wide_for_a_step_over_the_data_as_a_usage_error()
    {
        var csv = new System.Text.StringBuilder("a,b,y\n");
        for (var i = 0; i < StepRows; i++)
            csv.Append(i % 7).Append(',').Append(i % 5).Append(',').Append(i % 2).Append('\n');
        var data = CsvFixtures.Write(_dir, "rows.csv", csv.ToString());
        var layers = HalfMemoryWidth().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var r = MicroGrad.Tests.Cli.Cli.Run("train", "--data", data, "--target", "y", "--layers", layers, "--steps", "1");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Expected a training step that fits in memory", r.Error, StringComparison.Ordinal);
        Assert.Contains("Use narrower layers or a smaller batch.", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_count_whose_history_cannot_fit_is_refused_before_the_first_step()
    {
        // int.MaxValue steps: 2³¹ entries of 32 bytes, twice while the list grows, 128 GB. Should a machine have that
        // much, the run is cancelled after 3 steps, failing the test rather than training for hours.
        var (x, y) = DemoData.Moons();
        var model = new Mlp(2, [4, 1]);
        using var cts = new CancellationTokenSource();
        var steps = 0;
        var e = Assert.Throws<InsufficientMemoryException>(() => Trainer.Fit(new Objective(model, x, y, LossKind.Hinge),
            new Sgd(model.Parameters(), 0.1), new TrainingOptions { Steps = int.MaxValue }, _ =>
            {
                if (++steps == 3)
                    cts.Cancel();
            }, cts.Token));
        Assert.Equal(0, steps);
        Assert.Contains("2,147,483,647 steps need about 128 GB, but ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_refuses_a_step_count_whose_history_cannot_fit_as_a_usage_error()
    {
        var data = CsvFixtures.Write(_dir, "small.csv", "x,z,y\n1,10,0\n2,10,1\n3,10,0\n4,10,1\n");
        var r = MicroGrad.Tests.Cli.Cli.Run("train", "--data", data, "--target", "y", "--steps", "2147483647");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("2,147,483,647 steps need about 128 GB", r.Error, StringComparison.Ordinal);
        Assert.Contains("Use fewer steps.", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_refuses_absurd_layers_as_a_usage_error_before_building_the_network()
    {
        var data = CsvFixtures.Write(_dir, "small.csv", "x,z,y\n1,10,0\n2,10,1\n3,10,0\n4,10,1\n");
        var r = MicroGrad.Tests.Cli.Cli.Run("train", "--data", data, "--target", "y", "--layers", "100000,100000", "--steps", "1");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--layers 100000,100000: Expected a network that fits in memory; 2-100000-100000-2 needs 10,000,600,002 parameters, more than one model can hold", r.Error, StringComparison.Ordinal);
    }
}
