using System.Text;
using System.Xml.Linq;
using MicroGrad.Data;
using MicroGrad.NN;
using MicroGrad.Regression;
using MicroGrad.Visualization;
using Microsoft.ML.OnnxRuntime;

namespace MicroGrad.Tests;

/// <summary>
/// The README's C# examples come from here (as nietras/Sep keeps its README): each ```csharp block of README.md is
/// a <c>#region README: HEADING</c> of this file, in the same order, under the README heading it names, preceded in
/// the README by its <c>using</c> lines. Each region runs in a test that checks the numbers its comments claim, and
/// <see cref="Every_csharp_block_of_the_readme_is_a_tested_region"/> checks README.md against the regions, so they
/// cannot drift and a README block without a test fails.
/// <para>To change an example, edit its region here and rewrite README.md from the regions:
/// <c>MICROGRAD_UPDATE_README=1 dotnet test --filter FullyQualifiedName~ReadmeTests</c>.</para>
/// </summary>
[Collection(nameof(ReadmeTests))]
public sealed partial class ReadmeTests
{
    private const string UpdateVariable = "MICROGRAD_UPDATE_README";

    [Fact]
    public void The_engine_in_10_lines_prints_the_lecture_neuron()
    {
        using var run = new ReadmeRun();
        var (x1, _, _, _, _, o) = TheEngineInTenLines();

        // Oracle: PyTorch float64 on the lecture's neuron gives o = tanh(0.8813735870195432…) = 1/√2 =
        // 0.7071067811865476 and x1.grad = w1·(1 − o²) = −1.5; ours is one ulp away on each (tanh by exp).
        Assert.Equal(["Value(data=0.7071067811865477, grad=1.0)", "-1.4999999999999993"], run.Lines);
        Assert.Equal(Math.Sqrt(0.5), o.Data, 1e-15);
        Assert.Equal(-1.5, x1.Grad, 1e-15);
    }

    private static (Value X1, Value X2, Value W1, Value W2, Value B, Value O) TheEngineInTenLines()
    {
        #region README: The engine in 10 lines
        var x1 = new Value(2.0, "x1");  var w1 = new Value(-3.0, "w1");
        var x2 = new Value(0.0, "x2");  var w2 = new Value(1.0, "w2");
        var b = new Value(6.8813735870195432, "b");
        var o = (x1 * w1 + x2 * w2 + b).Tanh();
        o.Backward();
        Console.WriteLine(o);        // Value(data=0.7071067811865477, grad=1.0)
        Console.WriteLine(x1.Grad);  // -1.4999999999999993 (PyTorch float64: -1.5, equal to 1e-15)
        #endregion
        return (x1, x2, w1, w2, b, o);
    }

    [Fact]
    public void Gradients_of_gradients_give_the_derivatives_of_x_cubed_and_rosenbrocks_hessian()
    {
        using var run = new ReadmeRun();
        #region README: Gradients of gradients
        var x = new Value(3.0, "x");
        var y = x.Pow(3);
        var dy = Autograd.Grad(y, [x], createGraph: true)[0];     // 3x², itself a graph over x
        var d2y = Autograd.Grad(dy, [x], createGraph: true)[0];   // 6x
        var d3y = Autograd.Grad(d2y, [x])[0];                     // 6, a number (no graph)
        Console.WriteLine($"{y.Data} {dy.Data} {d2y.Data} {d3y.Data}");   // 27 27 18 6
        var replay = d2y.Compile();                               // a gradient graph compiles like any graph
        x.Data = 2.0;
        Console.WriteLine(replay.Forward());                      // 12 (6x at x = 2)

        Func<IReadOnlyList<Value>, Value> rosenbrock = p => (1.0 - p[0]).Pow(2) + 100.0 * (p[1] - p[0].Pow(2)).Pow(2);
        var h = Autograd.Hessian(rosenbrock, [1.0, 1.0]);         // [[802, -400], [-400, 200]], exactly
        var hv = Autograd.HessianVectorProduct(rosenbrock, [1.0, 1.0], [1.0, 2.0]);   // H·(1, 2) = [2, 0]
        #endregion

        // Calculus: d/dx x³ = 3x², d²/dx² = 6x, d³/dx³ = 6, at x = 3: 27, 18, 6 (and 6·2 = 12 at x = 2). Every step is
        // exact in binary (small integers), so the doubles are equal, not close.
        Assert.Equal(["27 27 18 6", "12"], run.Lines);
        Assert.Equal([27.0, 27.0, 18.0, 6.0], [y.Data, dy.Data, d2y.Data, d3y.Data]);
        Assert.True(d3y.IsLeaf, "without createGraph the gradient is a number, a new leaf");
        // Calculus: Rosenbrock's Hessian is [[2 − 400·(y − 3x²), −400x], [−400x, 200]], at (1, 1) [[802, −400],
        // [−400, 200]], exact in binary; H·(1, 2) = (802 − 800, −400 + 400) = (2, 0).
        Assert.Equal(new double[,] { { 802, -400 }, { -400, 200 } }, h);
        Assert.Equal([2.0, 0.0], hv);
    }

    [Fact]
    public void Tensors_give_the_exercise_gradient_and_a_stable_cross_entropy()
    {
        using var run = new ReadmeRun();
        #region README: Tensors
        var x = new Tensor(2, 3, [1, 2, 3, 1, 1, 1], "X");      // the regression exercise's two rows
        var y = new Tensor(2, 1, [6, 3], "y");
        var w = new Tensor(3, 1, [0.2, 0.1, 0.6], "w");         // Data is this very array (not copied)
        var loss = (x.MatMul(w) - y).Pow(2).Mean();             // the MSE of X·w = [2.2, 0.9]
        loss.Backward();
        Console.WriteLine(loss.Data[0]);                        // 9.425
        Console.WriteLine(string.Join(", ", w.Grad));           // -5.9, -9.7, -13.499999999999998 (by hand: −13.5)
        var b = new Tensor(1, 3, [0, 0, 1000], "b");            // one row, broadcast over the two rows of X·0
        var ce = Losses.CrossEntropy(x * 0.0 + b, [2, 0]);      // fused and stable: no e^1000 is computed
        Console.WriteLine(ce.Data[0]);                          // 500 (the mean of 0 and 1000)
        #endregion

        // Hand calculation (PyTorch float64 gives the same): residuals y − X·w = [3.8, 2.1]; MSE = (3.8² + 2.1²)/2;
        // d/dwⱼ = −2·Σᵢ (yᵢ − pᵢ)·Xᵢⱼ / 2 = −(3.8·X₀ⱼ + 2.1·X₁ⱼ): −5.9, −9.7, −13.5. Cross-entropy of [0, 0, 1000]
        // against class 2 is ≈ 0, against class 0 is 1000 − 0 (torch.nn.functional.cross_entropy: 500).
        Assert.Equal(["9.425", "-5.9, -9.7, -13.499999999999998", "500"], run.Lines);
        Assert.Equal(9.425, double.Parse(run.Lines[0], System.Globalization.CultureInfo.InvariantCulture), 1e-12);
        var grads = Array.ConvertAll(run.Lines[1].Split(", "), s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([-5.9, -9.7, -13.5], grads, (a, e) => Math.Abs(a - e) <= 1e-12);
        Assert.Equal("500", run.Lines[2]);
    }

    [Fact]
    public void Train_a_network_prints_the_notebook_losses_and_saves_the_model()
    {
        using var run = new ReadmeRun();
        #region README: Train a network
        var data = MicrogradDemo.Moons();                       // the notebook's 100 moons, y in {-1, 1}
        var model = MicrogradDemo.CreateModel();                // MLP(2, [16, 16, 1]) with its initial weights
        var sgd = new Sgd(model.Parameters(), k => 1.0 - 0.9 * k / 100);
        for (var k = 0; k < 100; k++)
        {
            var scores = new Value[data.Count];
            for (var i = 0; i < data.Count; i++)
                scores[i] = model.Forward(data.Features[i])[0];
            var loss = Losses.Hinge(scores, data.Target) + Losses.L2(model.Parameters(), 1e-4);
            sgd.ZeroGrad();
            loss.Backward();
            sgd.Step();
            Console.WriteLine($"step {k} loss {loss.Data}");   // 0.8958441028683222 … 0.010978370135492717
        }
        ModelFile.Save("moons.json", model);                    // versioned JSON, written atomically
        #endregion

        // Oracle: micrograd's demo.ipynb printed "step 0 loss 0.8958441028683222" and "step 99 loss
        // 0.010978370135492717" (1e-9 relative: see MicrogradDemoTests.AssertRelative).
        Assert.Equal(100, run.Lines.Length);
        NN.MicrogradDemoTests.AssertRelative(0.8958441028683222, StepLoss(run.Lines[0], 0));
        NN.MicrogradDemoTests.AssertRelative(0.010978370135492717, StepLoss(run.Lines[99], 99));
        Assert.Equal(model.GetParameterValues(), ModelFile.Load("moons.json").Model.GetParameterValues());

        static double StepLoss(string line, int step)
        {
            var prefix = $"step {step} loss ";
            Assert.StartsWith(prefix, line, StringComparison.Ordinal);
            return double.Parse(line.AsSpan(prefix.Length), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    [Fact]
    public void The_regression_exercise_gives_the_numbers_in_its_comments()
    {
        #region README: Linear regression
        double[][] x = [[1, 2, 3], [1, 1, 1]];
        double[] y = [6, 3];
        var p = LinearRegressionExercise.GetModelPrediction(x, [0.2, 0.1, 0.6]);   // [2.2, 0.9]
        var e = LinearRegressionExercise.GetError(p, y);                          // 9.425 (MSE)
        var w = LinearRegressionExercise.TrainModel(x, y, 10, [0.2, 0.1, 0.6]);   // [0.50678, 0.59057, 1.27435]
        RegressionMetrics.StandardErrorOfRegression(y, p, parameterCount: 1);     // √(SSE/(n−k)) = √18.85 ≈ 4.3417
        // with parameterCount: 3 (n ≤ k) it throws: "… is undefined: n = 2 observations for k = 3 parameters …"
        #endregion

        // Hand calculation: X·w = [0.2 + 0.2 + 1.8, 0.2 + 0.1 + 0.6]; MSE = ((6 − 2.2)² + (3 − 0.9)²)/2 = 18.85/2;
        // √(SSE/(n − k)) = √(18.85/1). The trained weights are the issue's (numpy) classic example.
        Assert.Equal([2.2, 0.9], p);
        Assert.Equal(9.425, e);
        Assert.Equal([0.50678, 0.59057, 1.27435], w);
        var se = RegressionMetrics.StandardErrorOfRegression(y, p, parameterCount: 1);
        Assert.Equal(Math.Sqrt(18.85), se, 1e-12);
        Assert.Equal(4.3417, Math.Round(se, 4));
        var ex = Assert.Throws<ArgumentException>(() => RegressionMetrics.StandardErrorOfRegression(y, p, parameterCount: 3));
        Assert.Contains("is undefined: n = 2 observations for k = 3 parameters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_longley_fit_prints_the_table_the_readme_shows()
    {
        using var run = new ReadmeRun();
        #region README: Linear regression
        var model = new LinearRegression(new LinearRegressionOptions()).FitCsv("data/longley.csv", "TOTEMP");
        Console.WriteLine(model.Summary);          // or model.Summary.ToJson()
        #endregion

        // The README shows the printed summary in the plain block after this example: it must be what is printed.
        var blocks = Readme.Parse(File.ReadAllText(Repository.PathOf("README.md"))).Blocks;
        var example = blocks.FindIndex(b => b.Language == "csharp" && b.Code.Contains("FitCsv(\"data/longley.csv\"", StringComparison.Ordinal));
        Assert.True(example >= 0 && example + 1 < blocks.Count && blocks[example + 1].Language == "",
            "README.md: the Longley example must be followed by a plain ``` block holding its output");
        Assert.Equal(blocks[example + 1].Code, string.Join('\n', run.Lines));

        // Oracle: statsmodels' OLS summary of Longley; NIST's certified B0 = −3482258.63459582 (s.d. 890420.383607373),
        // B6 = 1829.15146461355 (s.d. 455.478499142212), R² = 0.995479004577296, as the table rounds them.
        string[] oracleLines =
        [
            "Dep. Variable:                  TOTEMP   R-squared:                     0.9955",
            "const      -3.482e+06  8.904e+05     -3.911      0.004  -5.497e+06  -1.468e+06",
            "YEAR             1829      455.5      4.016      0.003       798.8        2860",
            "Durbin-Watson:                   2.559   Condition No.:              4.859e+09",
        ];
        foreach (var line in oracleLines)
            Assert.Contains(line, run.Lines);
    }

    [Fact]
    public void Fits_that_merge_give_the_single_fit()
    {
        using var run = new ReadmeRun();
        #region README: Fits that merge
        var data = CsvData.Read("data/diabetes.csv", "target");
        var (x, y) = (data.Features, data.Target);
        var here = new LinearRegressionAccumulator(featureCount: 10);   // one per partition, thread or machine
        var there = new LinearRegressionAccumulator(featureCount: 10);
        here.Add(x[..300], y[..300]);
        there.Add(x[300..], y[300..]);
        byte[] sent = there.ToBytes();                                 // 740 bytes: the 12×12 triangle, n, CRC-32
        here.Merge(LinearRegressionAccumulator.FromBytes(sent));
        var model = new LinearRegression(new LinearRegressionOptions()).Fit(here, data.FeatureNames, data.TargetName);
        Console.WriteLine(model.Summary.RSquared);                     // 0.5177484222203498, as Fit(data)
        #endregion

        // Oracle: exact least squares on the same doubles (python3 fractions, normal equations solved exactly):
        // R² = 0.5177484222203498; and the single in-memory fit of the same rows, which the merged fit equals to
        // rounding (1e-12, see AccumulatorTests). Image: 24-byte header, 11 shifts, 78 entries of R, 4-byte CRC.
        var single = new LinearRegression(new LinearRegressionOptions()).Fit(data).Summary;
        Assert.Equal(24 + 8 * 11 + 8 * 78 + 4, sent.Length);
        var printed = double.Parse(run.Lines[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0.5177484222203498, printed, 1e-14);
        Assert.Equal(single.RSquared, printed, 1e-14);
        Assert.Equal("0.5177484222203498", run.Lines[0]);
        Assert.Equal(442, model.Summary.Observations);
    }

    [Fact]
    public void Robust_errors_intervals_and_a_saved_model_give_the_numbers_in_their_comments()
    {
        using var run = new ReadmeRun();
        #region README: Robust errors, intervals, weights, saved models
        var options = new LinearRegressionOptions { Covariance = CovarianceType.HC3 };
        var model = new LinearRegression(options).FitCsv("data/longley.csv", "TOTEMP");
        var se = model.Summary.StandardErrors;                  // YEAR: 922.8, statsmodels' HC3 (z, P>|z| in the table)
        var p = model.PredictIntervals([[83, 234289, 2356, 1590, 107608, 1947]], level: 0.9)[0];
        // p.Mean 60055.66; mean response 59599.3 … 60512.0; a new observation 59377.7 … 60733.7
        LinearRegressionModelFile.Save("longley.json", model);  // versioned JSON, written atomically
        var kept = LinearRegressionModelFile.Load("longley.json"); // same predictions and intervals, bit for bit
        #endregion

        // Oracle: statsmodels 0.13.5 (TestData/statsmodels_longley_extras.json): HC3_bse[YEAR] = 922.8078422754658 and
        // predict_mean[0] = 60055.65997021971, 1e-6 (see LongleyExtras). The intervals are ŷ ± z₀.₉₅·SE, the comment's
        // rounding of the library's values.
        Tests.Regression.RegressionTestData.Close(922.8078422754658, se[6], 1e-6, what: "HC3 YEAR");
        Tests.Regression.RegressionTestData.Close(60055.65997021971, p.Mean, 1e-6, what: "mean");
        Assert.Equal([59599.3, 60512.0, 59377.7, 60733.7],
            [Math.Round(p.MeanLower, 1), Math.Round(p.MeanUpper, 1), Math.Round(p.ObservationLower, 1), Math.Round(p.ObservationUpper, 1)]);
        Assert.Equal(p, kept.PredictIntervals([[83, 234289, 2356, 1590, 107608, 1947]], level: 0.9)[0]);
    }

    [Fact]
    public void Graph_pictures_writes_the_neurons_dot_and_svg()
    {
        using var run = new ReadmeRun();
        var (x1, x2, w1, w2, b, o) = TheEngineInTenLines();
        #region README: Graph pictures
        var options = new GraphOptions { Inputs = [x1, x2], Parameters = [w1, w2, b] };
        File.WriteAllText("neuron.dot", GraphPicture.ToDot(o, options));  // { x1 | data 2.0000 | grad -1.5000 } …
        File.WriteAllText("neuron.svg", GraphPicture.ToSvg(o, options));  // Graphviz if installed, else built-in
        File.WriteAllText("neuron.html", GraphPicture.ToHtml(o, options)); // the learner's page, offline
        #endregion

        // Oracle: PyTorch float64 on the lecture's neuron (x1.grad = −1.5, o = 0.7071067811865476, do/do = 1), in
        // micrograd's "%.4f".
        var dot = File.ReadAllText("neuron.dot");
        Assert.Contains("{ x1 | data 2.0000 | grad -1.5000 }", dot, StringComparison.Ordinal);
        Assert.Contains("data 0.7071 | grad 1.0000 }", dot, StringComparison.Ordinal);
        Assert.Equal("svg", XDocument.Load("neuron.svg").Root!.Name.LocalName);
        // The page itself is tested in a browser (Browser/GraphPageTests); here, that it is the page and names x1.
        var html = File.ReadAllText("neuron.html");
        Assert.StartsWith("<!doctype html>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"label\":\"x1\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_runs_the_exported_model_in_onnx_runtime_as_predict_would()
    {
        using var run = new ReadmeRun();
        // What `micrograd train --loss hinge … --save model.json` then `micrograd export` write for micrograd's demo.
        var model = MicrogradDemo.CreateModel();
        OnnxExport.Save(model, "model.onnx", new MicroGrad.NN.ModelMetadata { FeatureNames = ["x0", "x1"], Target = "y", Labels = ["-1", "1"] });
        #region README: Deploy
        using var session = new InferenceSession("model.onnx");
        double[] x = [0.5, -0.3];                                   // one row of raw features, as in the CSV
        using var input = OrtValue.CreateTensorValueFromMemory(x, [1, x.Length]);
        using var outputs = session.Run(new RunOptions(), ["features"], [input], ["scores", "label"]);
        Console.WriteLine($"{outputs[1].GetStringTensorAsArray()[0]} {outputs[0].GetTensorDataAsSpan<double>()[0]}");
        #endregion

        // Oracle: the library's own forward pass on the same row (Mlp.Forward, which `predict` runs), to 1e-12; the
        // label is Labels[1] where the score is positive, as `predict` writes it.
        var score = model.Forward([0.5, -0.3])[0].Data;
        var printed = run.Lines[0].Split(' ');
        Assert.Equal(score > 0 ? "1" : "-1", printed[0]);
        Assert.Equal(score, double.Parse(printed[1], System.Globalization.CultureInfo.CurrentCulture), 1e-12);
    }

    [Fact]
    public void Every_csharp_block_of_the_readme_is_a_tested_region()
    {
        var readmePath = Repository.PathOf("README.md");
        var readmeText = File.ReadAllText(readmePath);
        var readme = Readme.Parse(readmeText);
        var regions = Regions(File.ReadAllText(Repository.PathOf("tests/MicroGrad.Tests/ReadmeTests.cs")));
        var examples = readme.Blocks.Where(b => b.Language == "csharp").ToList();

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            var rewritten = readme.WithCSharpBlocks(regions);
            if (rewritten != readmeText)
                File.WriteAllText(readmePath, rewritten, new UTF8Encoding(false));
            return;
        }

        var hint = $"Edit the test's region, then rewrite README.md from the regions: {UpdateVariable}=1 dotnet test --filter FullyQualifiedName~ReadmeTests";
        Assert.True(examples.Count == regions.Count,
            $"README.md has {examples.Count} ```csharp blocks (under: {string.Join(", ", examples.Select(b => b.Heading))}) and ReadmeTests.cs " +
            $"{regions.Count} '#region README:' regions (named: {string.Join(", ", regions.Select(r => r.Name))}); every README block needs a test. {hint}");
        for (var i = 0; i < examples.Count; i++)
        {
            var (block, region) = (examples[i], regions[i]);
            Assert.True(block.Heading == region.Name,
                $"README.md's C# block {i + 1} is under '{block.Heading}' but region {i + 1} of ReadmeTests.cs is named '{region.Name}'. {hint}");
            var (usings, code) = Readme.SplitUsings(block.Code);
            foreach (var ns in usings)
            {
                // MicroGrad's namespaces, and ONNX Runtime's for the Deploy example.
                Assert.True(typeof(Value).Assembly.GetExportedTypes().Any(t => t.Namespace == ns) || ns == typeof(InferenceSession).Namespace,
                    $"README.md's C# block under '{block.Heading}' imports {ns}, which is no namespace of MicroGrad (or ONNX Runtime).");
            }
            if (code != region.Code)
                Assert.Fail($"README.md's C# block under '{block.Heading}' differs from its region in ReadmeTests.cs at line {FirstDifference(code, region.Code)}:\n" +
                    $"README:\n{code}\n--- test:\n{region.Code}\n{hint}");
        }
    }
}

public sealed class ReadmeCollection;
