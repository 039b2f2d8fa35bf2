#:project ../src/MicroGrad/MicroGrad.csproj
// micrograd's demo in C#: MLP(2, [16, 16, 1]) on two moons, hinge loss + L2, SGD with a decaying learning rate.
// Run: dotnet run samples/moons.cs
using MicroGrad;
using MicroGrad.Data;
using MicroGrad.NN;

var data = Datasets.Moons(100, noise: 0.1, new Rng(1337));
var model = new Mlp(2, [16, 16, 1]);                       // ReLU hidden, linear output, micrograd's init
Console.WriteLine(model);
Console.WriteLine($"number of parameters {model.Parameters().Count}");

var objective = new Objective(model, data, LossKind.Hinge, l2: 1e-4); // the classes become hinge targets -1 and 1
var sgd = new Sgd(model.Parameters(), k => 1.0 - 0.9 * k / 100);
Trainer.Fit(objective, sgd, new TrainingOptions { Steps = 100 },
    s => { if (s.Step % 10 == 0 || s.Step == 99) Console.WriteLine($"step {s.Step} loss {s.Loss:F6}, accuracy {s.Accuracy * 100}%"); });

// A coarse ASCII picture of the decision boundary: '#' where the score is positive.
for (var y = 1.5; y >= -1.0; y -= 0.25)
{
    var row = new char[32];
    for (var i = 0; i < row.Length; i++)
        row[i] = model.Predict([-1.5 + i * 0.125, y])[0] > 0 ? '#' : '.';
    Console.WriteLine(new string(row));
}
