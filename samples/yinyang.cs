#:project ../src/MicroGrad/MicroGrad.csproj
// EurekaLabs' micrograd run: yin-yang data from Rng(42), MLP(2, [8, 3]) tanh, softmax cross-entropy, AdamW.
// Run: dotnet run samples/yinyang.cs
using MicroGrad;
using MicroGrad.Data;
using MicroGrad.NN;

var rng = new Rng(42);
var (train, validation, test) = Datasets.YinYang(rng, 100);
Console.WriteLine($"first training point ({train.Features[0][0]}, {train.Features[0][1]}) class {train.Labels![0]}");

var model = new Mlp(2, [8, 3], Activation.Tanh, Activation.Linear, Initialization.EurekaLabs, rng);
var objective = new Objective(model, train, LossKind.CrossEntropy);
var validate = new Objective(model, validation, LossKind.CrossEntropy);
var adamW = new AdamW(model.Parameters(), learningRate: 0.1, beta1: 0.9, beta2: 0.95, epsilon: 1e-8, weightDecay: 1e-4);

var history = Trainer.Fit(objective, adamW, new TrainingOptions { Steps = 100 });
// EurekaLabs' micrograd.py numbers its steps from 1 and prints the loss before each update.
foreach (var step in history.Where(s => s.Step % 10 == 0 || s.Step == history.Count - 1))
    Console.WriteLine($"step {step.Step + 1}/{history.Count}, train loss {step.Loss:F6}, accuracy {step.Accuracy:P0}");
var val = validate.Measure();
Console.WriteLine($"validation loss {val.Loss:F6} accuracy {val.Accuracy:P0}");
