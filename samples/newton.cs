#:project ../src/MicroGrad/MicroGrad.csproj
// Newton's method on Rosenbrock's banana, f(x, y) = (1 − x)² + 100·(y − x²)², from the classic start (−1.2, 1)
// (Rosenbrock 1960; test 1 of Moré, Garbow and Hillstrom 1981), with the engine's gradient and Hessian (gradients of
// gradients), beside gradient descent with a fixed learning rate. Steps 0 to 5 print exact rational arithmetic's
// iterates (python3 fractions) to every digit shown; from step 6, f and |∇f| are at the level of rounding.
// Run: dotnet run samples/newton.cs
using MicroGrad;

const double close = 1e-6;   // "converged": this far from the minimum (1, 1)

Console.WriteLine("Newton's method: solve H·d = −∇f, step to (x, y) + d (pure Newton: no line search)");
Console.WriteLine("step              x                y          f(x, y)          |∇f|");
double[] p = [-1.2, 1.0];
var newtonSteps = -1;
var previous = double.PositiveInfinity;
var rises = new List<int>();
for (var step = 0; step <= 20; step++)
{
    var x = new Value(p[0], "x");
    var y = new Value(p[1], "y");
    var f = Rosenbrock([x, y]);
    var g = Autograd.Grad(f, [x, y]);                  // ∇f, returned (nothing is accumulated into x.Grad)
    var h = Autograd.Hessian(f, [x, y]);               // the gradient of each ∂f/∂xᵢ, itself a graph over x and y
    var gradientNorm = Math.Sqrt(g[0].Data * g[0].Data + g[1].Data * g[1].Data);
    Console.WriteLine($"{step,4} {p[0],16:F12} {p[1],16:F12} {f.Data,16:0.000000e+00} {gradientNorm,13:0.000e+00}");
    if (f.Data > previous)
        rises.Add(step);
    previous = f.Data;
    if (newtonSteps < 0 && Distance(p) < close)
        newtonSteps = step;
    if (gradientNorm == 0.0)
        break;
    // The 2×2 system H·d = −∇f by Cramer's rule.
    var det = h[0, 0] * h[1, 1] - h[0, 1] * h[1, 0];
    p[0] += (-g[0].Data * h[1, 1] + g[1].Data * h[0, 1]) / det;
    p[1] += (-g[1].Data * h[0, 0] + g[0].Data * h[1, 0]) / det;
}
Console.WriteLine($"Newton: within {close:0e-0} of (1, 1) after {newtonSteps} steps (f rose at steps {string.Join(", ", rises)}: " +
    "pure Newton has no line search)");

// Gradient descent, micrograd's loop: Backward(), then a step against the gradient. The Hessian at (1, 1) has
// eigenvalues 1001.6 and 0.4: a learning rate above 2/1001.6 diverges there, and at 1e-3 the error along the valley
// shrinks by only 1 − 0.0004 per step.
const double learningRate = 1e-3;
double[] q = [-1.2, 1.0];
var descentSteps = 0;
while (Distance(q) >= close && descentSteps < 1_000_000)
{
    var x = new Value(q[0], "x");
    var y = new Value(q[1], "y");
    Rosenbrock([x, y]).Backward();
    q[0] -= learningRate * x.Grad;
    q[1] -= learningRate * y.Grad;
    descentSteps++;
    if (descentSteps is 1_000 or 10_000)
        Console.WriteLine($"gradient descent, step {descentSteps}: ({q[0]:F6}, {q[1]:F6}), {Distance(q):0.00e+00} from (1, 1)");
}
Console.WriteLine(Distance(q) < close
    ? $"gradient descent (learning rate {learningRate:G}): within {close:0e-0} of (1, 1) after {descentSteps} steps"
    : $"gradient descent (learning rate {learningRate:G}): still {Distance(q):0.00e+00} from (1, 1) after {descentSteps} steps");

static Value Rosenbrock(IReadOnlyList<Value> p) => (1.0 - p[0]).Pow(2) + 100.0 * (p[1] - p[0].Pow(2)).Pow(2);

static double Distance(double[] p) => Math.Sqrt((p[0] - 1) * (p[0] - 1) + (p[1] - 1) * (p[1] - 1));
