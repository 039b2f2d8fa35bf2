#:project ../src/MicroGrad/MicroGrad.csproj
// The lecture's neuron, o = tanh(x1·w1 + x2·w2 + b): forward, backward, and a finite-difference check.
// Run: dotnet run samples/lecture.cs
using MicroGrad;

var x1 = new Value(2.0, "x1");
var x2 = new Value(0.0, "x2");
var w1 = new Value(-3.0, "w1");
var w2 = new Value(1.0, "w2");
var b = new Value(6.8813735870195432, "b");
var n = x1 * w1 + x2 * w2 + b;
n.Label = "n";
var o = n.Tanh();
o.Label = "o";
o.Backward();

Console.WriteLine($"o = {o}");
foreach (var v in new[] { x1, w1, x2, w2, b, n })
    Console.WriteLine($"do/d{v.Label,-2} = {v.Grad,8:F4}");

var check = GradCheck.Check(x => (x[0] * x[1] + x[2] * x[3] + x[4]).Tanh(), [2.0, -3.0, 0.0, 1.0, 6.8813735870195432]);
Console.WriteLine(check);
