using System.Globalization;
using System.Text.RegularExpressions;
using MicroGrad.Data;
using MicroGrad.NN;

namespace MicroGrad.Tests.NN;

/// <summary>Two published training runs, every printed step, through both engines of <see cref="Objective"/>: the
/// tensor engine (the default, batches) and the scalar engine (micrograd's graph of Values).</summary>
/// <remarks>Oracles, copied verbatim into TestData/ (see TestData/README.md): micrograd_demo_losses.txt is the output of
/// karpathy/micrograd's demo.ipynb training cell (100 lines "step k loss L, accuracy A%"); eurekalabs_yinyang_run.txt is
/// what EurekaLabsAI/micrograd's micrograd.py prints when run with Python 3.11 (100 train losses printed with repr, 10
/// validation losses with 6 decimals).</remarks>
public partial class PublishedRunsTests
{
    [Theory]
    [InlineData(ObjectiveEngine.Tensor)]
    [InlineData(ObjectiveEngine.Scalar)]
    public void Micrograds_demo_reproduces_every_loss_and_accuracy_the_notebook_printed(ObjectiveEngine engine)
    {
        // Oracle: micrograd's demo.ipynb, its 100 printed lines. Losses to 1e-9 relative (micrograd sums gradients in
        // an order nobody can reproduce: MicrogradDemoTests.AssertRelative), accuracies exactly (a count out of 100).
        var printed = File.ReadAllLines(TestData.PathOf("micrograd_demo_losses.txt"))
            .Select(line => NotebookLine().Match(line)).ToArray();
        Assert.Equal(100, printed.Length);
        Assert.All(printed, match => Assert.True(match.Success));

        var (x, y) = DemoData.Moons();
        var model = MicrogradDemo.CreateModel();                // MLP(2, [16, 16, 1]) with the notebook's initial weights
        var objective = new Objective(model, x, y, LossKind.Hinge, l2: 1e-4) { Engine = engine };
        var history = Trainer.Fit(objective, new Sgd(model.Parameters(), k => 1.0 - 0.9 * k / 100), new TrainingOptions { Steps = 100 });

        for (var k = 0; k < printed.Length; k++)
        {
            Assert.Equal(k, int.Parse(printed[k].Groups["step"].Value, CultureInfo.InvariantCulture));
            MicrogradDemoTests.AssertRelative(Number(printed[k], "loss"), history[k].Loss);
            Assert.Equal(Number(printed[k], "accuracy") / 100, history[k].Accuracy, 1e-12);
        }
    }

    [Theory]
    [InlineData(ObjectiveEngine.Tensor)]
    [InlineData(ObjectiveEngine.Scalar)]
    public void EurekaLabs_yin_yang_run_reproduces_every_printed_train_and_validation_loss(ObjectiveEngine engine)
    {
        // Oracle: EurekaLabs' micrograd.py (RNG(42), gen_data_yinyang(random, n=100), MLP(2, [8, 3]), cross-entropy,
        // AdamW lr 0.1, betas (0.9, 0.95), weight decay 1e-4): "step s/100, train loss L" is the loss before update
        // s − 1, printed with repr, checked to 1e-9 relative; "step s/100, val loss V" (s = 1, 11, …, 91) is the
        // validation loss before update s − 1, printed with 6 decimals, checked to half a unit of the last one.
        var train = new List<double>();
        var validation = new SortedDictionary<int, double>();
        foreach (var line in File.ReadAllLines(TestData.PathOf("eurekalabs_yinyang_run.txt")))
        {
            var match = EurekaLabsLine().Match(line);
            Assert.True(match.Success, line);
            var step = int.Parse(match.Groups["step"].Value, CultureInfo.InvariantCulture) - 1;
            if (match.Groups["split"].Value == "train")
            {
                Assert.Equal(train.Count, step);
                train.Add(Number(match, "loss"));
            }
            else
            {
                validation.Add(step, Number(match, "loss"));
            }
        }
        Assert.Equal(100, train.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 10 * i), validation.Keys);

        var rng = new Rng(42);
        var (trainSplit, validationSplit, _) = Datasets.YinYang(rng, 100);
        var model = new Mlp(2, [8, 3], Activation.Tanh, Activation.Linear, Initialization.EurekaLabs, rng);
        var objective = new Objective(model, trainSplit, LossKind.CrossEntropy) { Engine = engine };
        var validate = new Objective(model, validationSplit, LossKind.CrossEntropy) { Engine = engine };
        var adamW = new AdamW(model.Parameters(), learningRate: 0.1, beta1: 0.9, beta2: 0.95, epsilon: 1e-8, weightDecay: 1e-4);
        // The validation loss before update k is measured after update k − 1 completes (onStep runs after the update).
        var measured = new SortedDictionary<int, double> { [0] = validate.Measure().Loss };
        var history = Trainer.Fit(objective, adamW, new TrainingOptions { Steps = 100 }, step =>
        {
            if ((step.Step + 1) % 10 == 0 && step.Step + 1 < 100)
                measured.Add(step.Step + 1, validate.Measure().Loss);
        });

        for (var k = 0; k < train.Count; k++)
            MicrogradDemoTests.AssertRelative(train[k], history[k].Loss);
        foreach (var (step, loss) in validation)
            Assert.True(Math.Abs(measured[step] - loss) <= 5e-7, $"validation loss before update {step}: printed {loss}, got {measured[step]:R}");
    }

    private static double Number(Match match, string group) =>
        double.Parse(match.Groups[group].Value, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^step (?<step>\d+) loss (?<loss>[0-9.e+-]+), accuracy (?<accuracy>[0-9.]+)%$")]
    private static partial Regex NotebookLine();

    [GeneratedRegex(@"^step (?<step>\d+)/100, (?<split>train|val) loss (?<loss>[0-9.e+-]+)$")]
    private static partial Regex EurekaLabsLine();
}
