#:project ../src/MicroGrad/MicroGrad.csproj
// micrograd's demo in C#: MLP(2, [16, 16, 1]) on two moons, hinge loss + L2, SGD with a decaying learning rate, on
// the notebook's own 100 moons and initial weights, so it prints demo.ipynb's losses (step 99: 0.010978370135492717).
// Run: dotnet run samples/moons.cs
using MicroGrad;
using MicroGrad.Data;
using MicroGrad.NN;

var data = MicrogradDemo.Moons();                          // make_moons(100, noise=0.1) after np.random.seed(1337)
var model = MicrogradDemo.CreateModel();                   // MLP(2, [16, 16, 1]) with the weights of random.seed(1337)
Console.WriteLine(model);
Console.WriteLine($"number of parameters {model.Parameters().Count}");

// The notebook's y is -1 or 1. The scalar engine is micrograd's graph, replayed compiled; CI checks the steps it prints
// against the notebook (steps 0 and 99 to all 17 digits; every step agrees to 1e-9, as micrograd's own summation
// order cannot be reproduced). The default tensor engine gives the same losses to ~1e-12 (rounding in another order).
var objective = new Objective(model, data, LossKind.Hinge, l2: 1e-4) { Engine = ObjectiveEngine.Scalar };
var sgd = new Sgd(model.Parameters(), k => 1.0 - 0.9 * k / 100);
Trainer.Fit(objective, sgd, new TrainingOptions { Steps = 100 }, s =>
{
    if (s.Step % 10 == 0 || s.Step == 99)
        Console.WriteLine($"step {s.Step} loss {s.Loss:R}, accuracy {s.Accuracy * 100:F1}%");
});

// A coarse ASCII picture of the decision boundary: '#' where the score is positive.
for (var y = 1.5; y >= -1.0; y -= 0.25)
{
    var row = new char[32];
    for (var i = 0; i < row.Length; i++)
        row[i] = model.Predict([-1.5 + i * 0.125, y])[0] > 0 ? '#' : '.';
    Console.WriteLine(new string(row));
}
