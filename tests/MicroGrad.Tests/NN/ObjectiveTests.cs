using MicroGrad.Data;
using MicroGrad.NN;

namespace MicroGrad.Tests.NN;

public class ObjectiveTests
{
    [Fact]
    public void A_classification_data_set_gives_the_hinge_loss_plus_minus_one_targets()
    {
        // Oracle: the constructor over rows with micrograd's y*2 - 1 targets; both objectives hold the same samples, so
        // the same model gets bit-identical losses and gradients.
        var data = Datasets.Moons(20, 0.1, new Rng(8));
        var model = new Mlp(2, [4, 1], rng: new Rng(3));
        var fromData = new Objective(model, data, LossKind.Hinge, l2: 1e-4).ComputeGradients();
        var gradients = model.Parameters().Select(p => p.Grad).ToArray();
        var fromRows = new Objective(model, data.Features, data.SignedLabels(), LossKind.Hinge, l2: 1e-4).ComputeGradients();
        Assert.Equal(fromRows, fromData);
        Assert.Equal(gradients, model.Parameters().Select(p => p.Grad));
    }

    [Fact]
    public void A_classification_data_set_gives_cross_entropy_its_class_indices()
    {
        var data = Datasets.Blobs(30, 3, 0.5, new Rng(4));
        var model = new Mlp(2, [3], rng: new Rng(4));
        // Oracle: the raw-rows overload, whose cross-entropy is checked against PyTorch in LossesTests; the data-set
        // overload must build the very same graph, so the two agree to the bit.
        Assert.Equal(new Objective(model, data.Features, data.Target, LossKind.CrossEntropy).Measure(),
            new Objective(model, data, LossKind.CrossEntropy).Measure());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_full_batch_equals_a_batch_of_every_row_in_order(bool compiled)
    {
        // Oracle: the graph built over rows 0 … n-1 (the reference semantics); the full batch, replayed from a compiled
        // graph or built, gives the same loss, accuracy and gradients bit for bit, step after step.
        var (x, y) = DemoData.Moons();
        var model = new Mlp(2, [8, 1], rng: new Rng(6));
        var objective = new Objective(model, x, y, LossKind.Hinge, l2: 1e-4) { Engine = ObjectiveEngine.Scalar, UseCompiledGraph = compiled };
        var every = Enumerable.Range(0, objective.Count).ToArray();
        var sgd = new Sgd(model.Parameters(), 0.1);
        for (var step = 0; step < 3; step++)
        {
            var batch = objective.ComputeGradients(every);
            var batchGradients = model.Parameters().Select(p => p.Grad).ToArray();
            var full = objective.ComputeGradients();
            Assert.Equal(batch, full);
            Assert.Equal(batchGradients, model.Parameters().Select(p => p.Grad));
            Assert.Equal(objective.Measure(every), objective.Measure());
            sgd.Step();
        }
    }
}

public class ObjectiveScalingTests
{
    [Fact]
    public void Scaling_the_rows_as_they_are_copied_gives_the_objective_of_the_scaled_rows()
    {
        // Oracle: the objective over Scaling.Apply(rows), a separate copy; scaling while copying must give the same
        // loss, accuracy and gradients, bit for bit.
        var data = Datasets.Blobs(40, 3, 0.5, new Rng(4));
        var scaling = Scaling.Fit(data);
        var model = new Mlp(2, [6, 3], rng: new Rng(4));
        var expected = new Objective(model, scaling.Apply(data.Features), data.Target, LossKind.CrossEntropy, 1e-3).ComputeGradients();
        var expectedGradients = model.Parameters().Select(p => p.Grad).ToArray();
        var actual = new Objective(model, data.Features, data.Target, LossKind.CrossEntropy, 1e-3, scaling).ComputeGradients();
        Assert.Equal(expected, actual);
        Assert.Equal(expectedGradients, model.Parameters().Select(p => p.Grad));
    }

    [Fact]
    public void A_scaling_of_another_width_is_refused()
    {
        var data = Datasets.Blobs(10, 2, 0.5, new Rng(4));
        var bad = Assert.Throws<ArgumentException>(() =>
            new Objective(new Mlp(2, [2], rng: new Rng(1)), data.Features, data.Target, LossKind.CrossEntropy, 0, new Scaling([0.0], [1.0])));
        Assert.Equal("inputScaling", bad.ParamName);
    }
}
