using MicroGrad.NN;
using MicroGrad.Tests.Cli;

namespace MicroGrad.Tests.NN;

/// <summary>
/// Networks too large to build are refused before anything is allocated (issue 15, item 3): the parameter count is
/// counted without overflow and compared with what one model can hold and with the memory the process may use, and
/// the message says what the network needs. A case checked against memory sets a budget of <see cref="Budget"/> (1 GB,
/// <see cref="MemoryBudget.Limit"/>, for this test's async flow only, so tests running in parallel keep theirs) and
/// asks for more, so that the outcome does not depend on the machine running the test; the other cases exceed what
/// any machine could give (more than one array holds, or more than 2⁶³ parameters) and need no budget.
/// </summary>
public sealed class NetworkSizeTests : IDisposable
{
    private const int Max = int.MaxValue;

    // The memory the process may use, as the tests set it.
    private const long Budget = 1L << 30;
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
    public void A_network_larger_than_the_memory_the_process_may_use_is_refused_saying_what_it_needs_and_what_it_may_use()
    {
        // 1001·20,000 = 20,020,000 parameters: fewer than one array holds (Array.MaxLength), so this is the memory
        // check, at 128 bytes each 2.4 GB (20,020,000·128 / 2³⁰ = 2.39), more than the 1 GB budget.
        using (MemoryBudget.Limit(Budget))
        {
            var e = Assert.Throws<InsufficientMemoryException>(() => new Mlp(1000, [20_000]));
            Assert.Contains("1000-20000 needs 20,020,000 parameters, about 2.4 GB, but this process may use 1 GB.", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_memory_budget_set_by_a_test_holds_for_its_scope_only()
    {
        var machine = MemoryBudget.AvailableBytes;
        using (MemoryBudget.Limit(Budget))
        {
            Assert.Equal(Budget, MemoryBudget.AvailableBytes);
            using (MemoryBudget.Limit(Budget / 2))
                Assert.Equal(Budget / 2, MemoryBudget.AvailableBytes);
            Assert.Equal(Budget, MemoryBudget.AvailableBytes);
            // Another flow (a test running in parallel) keeps the machine's budget.
            // (UnsafeStart: a thread that does not inherit this flow's context.)
            long other = 0;
            var thread = new Thread(() => other = MemoryBudget.AvailableBytes);
            thread.UnsafeStart();
            thread.Join();
            Assert.Equal(machine, other);
        }
        Assert.Equal(machine, MemoryBudget.AvailableBytes);
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

    // Rows, and a width making each rows×width matrix of a step 745 MB (10⁸ doubles), under the 1 GB budget: each
    // alone passes the per-matrix check (Tensor.CheckSize), but a step holds several (output, gradient, mask), about
    // 3 GB, so it cannot fit.
    private const int StepRows = 100_000;
    private const int StepWidth = 1000;

    [Fact]
    public void A_training_step_whose_matrices_together_exceed_memory_is_refused_before_the_first_step()
    {
        var x = new double[StepRows][];
        var y = new double[StepRows];
        for (var i = 0; i < StepRows; i++)
            (x[i], y[i]) = ([i % 7, i % 5], i % 2 == 0 ? 1 : -1);
        var model = new Mlp(2, [StepWidth, 1]);
        var before = model.GetParameterValues();

        using (MemoryBudget.Limit(Budget))
        {
            var e = Assert.Throws<InsufficientMemoryException>(() => Trainer.Fit(new Objective(model, x, y, LossKind.Hinge),
                new Sgd(model.Parameters(), 0.1), new TrainingOptions { Steps = 1 }));
            // 100,000·1,001·32 bytes and 3,001·80 for the parameters: 3,203,440,080 bytes, 2.98 GB.
            Assert.Contains("Expected a training step that fits in memory; a step of 2-1000-1 (relu hidden, linear output) over 100,000 rows holds 100,000 × 1,001 " +
                "activations with their gradients, about 3 GB, but this process may use 1 GB.", e.Message, StringComparison.Ordinal);
        }
        Assert.Equal(before, model.GetParameterValues());
    }

    [Fact]
    public void Train_refuses_layers_too_wide_for_a_step_over_the_data_as_a_usage_error()
    {
        var csv = new System.Text.StringBuilder("a,b,y\n");
        for (var i = 0; i < StepRows; i++)
            csv.Append(i % 7).Append(',').Append(i % 5).Append(',').Append(i % 2).Append('\n');
        var data = CsvFixtures.Write(_dir, "rows.csv", csv.ToString());
        var layers = StepWidth.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // The CLI runs in-process on this test's async flow, so the budget reaches it.
        using var budget = MemoryBudget.Limit(Budget);
        var r = MicroGrad.Tests.Cli.Cli.Run("train", "--data", data, "--target", "y", "--layers", layers, "--steps", "1");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Expected a training step that fits in memory", r.Error, StringComparison.Ordinal);
        Assert.Contains("but this process may use 1 GB. Use narrower layers or a smaller batch.", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_count_whose_history_cannot_fit_is_refused_before_the_first_step()
    {
        // int.MaxValue steps: 2³¹ entries of 32 bytes, twice while the list grows, 128 GB, over the 1 GB budget. Should
        // the check fail, the run is cancelled after 3 steps, failing the test rather than training for hours.
        var (x, y) = DemoData.Moons();
        var model = new Mlp(2, [4, 1]);
        using var budget = MemoryBudget.Limit(Budget);
        using var cts = new CancellationTokenSource();
        var steps = 0;
        var e = Assert.Throws<InsufficientMemoryException>(() => Trainer.Fit(new Objective(model, x, y, LossKind.Hinge),
            new Sgd(model.Parameters(), 0.1), new TrainingOptions { Steps = int.MaxValue }, _ =>
            {
                if (++steps == 3)
                    cts.Cancel();
            }, cts.Token));
        Assert.Equal(0, steps);
        Assert.Contains("2,147,483,647 steps need about 128 GB, but this process may use 1 GB. Use fewer steps.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_refuses_a_step_count_whose_history_cannot_fit_as_a_usage_error()
    {
        var data = CsvFixtures.Write(_dir, "small.csv", "x,z,y\n1,10,0\n2,10,1\n3,10,0\n4,10,1\n");
        // The budget makes the refusal certain on any machine (without it, one with 128 GB would train 2³¹ steps).
        using var budget = MemoryBudget.Limit(Budget);
        var r = MicroGrad.Tests.Cli.Cli.Run("train", "--data", data, "--target", "y", "--steps", "2147483647");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("2,147,483,647 steps need about 128 GB, but this process may use 1 GB. Use fewer steps.", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_refuses_absurd_layers_as_a_usage_error_before_building_the_network()
    {
        var data = CsvFixtures.Write(_dir, "small.csv", "x,z,y\n1,10,0\n2,10,1\n3,10,0\n4,10,1\n");
        var r = MicroGrad.Tests.Cli.Cli.Run("train", "--data", data, "--target", "y", "--layers", "100000,100000", "--steps", "1");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--layers '100000,100000': Expected a network that fits in memory; 2-100000-100000-2 needs 10,000,600,002 parameters, more than one model can hold", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_quotes_and_bounds_the_layers_it_refuses_as_too_large()
    {
        var data = CsvFixtures.Write(_dir, "small.csv", "x,z,y\n1,10,0\n2,10,1\n3,10,0\n4,10,1\n");
        // A tab after a comma passes the parse (items are trimmed) and must not reach the terminal raw.
        var r = MicroGrad.Tests.Cli.Cli.Run("train", "--data", data, "--target", "y", "--layers", "100000,\t100000", "--steps", "1");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--layers '100000,\\t100000': Expected a network that fits in memory", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\t', r.Error);

        // 2,000 layers of 100,000 (13,999 characters): the echo is cut, and the shape lists a dozen widths.
        var layers = string.Join(",", Enumerable.Repeat("100000", 2000));
        r = MicroGrad.Tests.Cli.Cli.Run("train", "--data", data, "--target", "y", "--layers", layers, "--steps", "1");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("...' (13,999 characters): Expected a network that fits in memory", r.Error, StringComparison.Ordinal);
        Assert.True(r.Error.Length < 600, r.Error);
    }
}
