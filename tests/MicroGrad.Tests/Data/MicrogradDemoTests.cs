using MicroGrad.Data;
using MicroGrad.NN;

namespace MicroGrad.Tests.Data;

public class MicrogradDemoTests
{
    [Fact]
    public void The_embedded_demo_data_equals_the_shipped_files()
    {
        // Oracle: data/moons1337.csv and data/micrograd_demo_init.json (the notebook's exact inputs).
        var moons = MicrogradDemo.Moons();
        var file = CsvData.Read(TestData.PathOf("moons1337.csv"), "y");
        Assert.Equal(file.Features, moons.Features);
        Assert.Equal(file.Target, moons.Target);

        var model = MicrogradDemo.CreateModel();
        Assert.Equal(337, model.Parameters().Count);
        Assert.Equal(MicroGrad.Tests.NN.DemoData.InitialParameters(), model.GetParameterValues());
    }

    [Fact]
    public void The_embedded_demo_reproduces_the_notebook_first_loss()
    {
        // micrograd demo.ipynb printed "step 0 loss 0.8958441028683222, accuracy 50.0%".
        var data = MicrogradDemo.Moons();
        var model = MicrogradDemo.CreateModel();
        var scores = new Value[data.Count];
        for (var i = 0; i < data.Count; i++)
            scores[i] = model.Forward(data.Features[i])[0];
        var loss = Losses.Hinge(scores, data.Target) + Losses.L2(model.Parameters(), 1e-4);
        Assert.Equal(0.8958441028683222, loss.Data, 1e-9 * 0.8958441028683222);
    }
}
