using ScottPlot;

namespace MicroGrad.Cli.Plots;

/// <summary>The PNG pictures the tool writes (ScottPlot, headless), as bytes: the commands write them with their other
/// outputs, all together at the end (<see cref="Commands.Outputs"/>).</summary>
internal static class Charts
{
    private const int Width = 800;
    private const int Height = 600;

    /// <summary>Loss per step on the left axis and, for classifiers, accuracy on the right axis.</summary>
    public static byte[] TrainingCurves(IReadOnlyList<double> loss, IReadOnlyList<double>? accuracy)
    {
        var plot = new Plot();
        var steps = Steps(loss.Count);
        var lossLine = plot.Add.ScatterLine(steps, [.. loss]);
        lossLine.LegendText = "loss";
        lossLine.LineWidth = 2;
        plot.Axes.Left.Label.Text = "loss";
        plot.Axes.Bottom.Label.Text = "step";
        if (accuracy is { Count: > 0 })
        {
            var acc = plot.Add.ScatterLine(Steps(accuracy.Count), [.. accuracy]);
            acc.LegendText = "accuracy";
            acc.LineWidth = 2;
            acc.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "accuracy";
            plot.Axes.SetLimitsY(0, 1.05, plot.Axes.Right);
        }
        plot.Title("Training");
        plot.ShowLegend(Alignment.MiddleRight);
        return Png(plot);
    }

    /// <summary>
    /// micrograd's <c>moon_mlp.png</c>: the classifier's decision over a grid around the data (the class that
    /// <paramref name="classify"/> gives each grid point; it is called once, with every point as (x, y), to predict them
    /// as one batch) and the data points coloured by their true class, named in
    /// the legend by <paramref name="classNames"/> (the data's own labels) or as "class k".
    /// </summary>
    public static byte[] DecisionBoundary(Func<double[][], int[]> classify, double[][] points, int[] classes, string title,
        IReadOnlyList<string>? classNames = null)
    {
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity, yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        foreach (var p in points)
        {
            xMin = Math.Min(xMin, p[0]);
            xMax = Math.Max(xMax, p[0]);
            yMin = Math.Min(yMin, p[1]);
            yMax = Math.Max(yMax, p[1]);
        }
        // micrograd pads the data's range by 1 and samples every 0.25; a finer grid reads better at 800 px.
        (xMin, xMax, yMin, yMax) = (xMin - 1, xMax + 1, yMin - 1, yMax + 1);
        const int cells = 120;
        var centres = new double[cells * cells][];
        for (var row = 0; row < cells; row++)
        {
            var y = yMax - (row + 0.5) * (yMax - yMin) / cells; // row 0 is the top of the picture
            for (var col = 0; col < cells; col++)
                centres[row * cells + col] = [xMin + (col + 0.5) * (xMax - xMin) / cells, y];
        }
        var decided = classify(centres);
        var grid = new double[cells, cells];
        for (var row = 0; row < cells; row++)
        {
            for (var col = 0; col < cells; col++)
                grid[row, col] = decided[row * cells + col];
        }

        var plot = new Plot();
        var classCount = 0;
        foreach (var c in classes)
            classCount = Math.Max(classCount, c + 1);
        var palette = new ScottPlot.Palettes.Category10();
        var heatmap = plot.Add.Heatmap(grid);
        heatmap.Extent = new CoordinateRect(xMin, xMax, yMin, yMax);
        heatmap.Colormap = new ScottPlot.Colormaps.CustomPalette(PaletteColors(palette, Math.Max(classCount, 2), 0.35));
        heatmap.ManualRange = new ScottPlot.Range(0, Math.Max(classCount, 2) - 1);
        for (var c = 0; c < classCount; c++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (var i = 0; i < points.Length; i++)
            {
                if (classes[i] == c)
                {
                    xs.Add(points[i][0]);
                    ys.Add(points[i][1]);
                }
            }
            var markers = plot.Add.Markers(xs.ToArray(), ys.ToArray(), MarkerShape.FilledCircle, 7, palette.GetColor(c));
            markers.LegendText = classNames is not null && c < classNames.Count ? classNames[c] : $"class {c}";
        }
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperRight);
        return Png(plot);
    }

    /// <summary>Predicted against actual values, with the identity line.</summary>
    public static byte[] PredictedVsActual(double[] actual, double[] predicted)
    {
        var plot = new Plot();
        plot.Add.Markers(actual, predicted, MarkerShape.FilledCircle, 6);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var v in actual.Concat(predicted))
        {
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        var line = plot.Add.Line(lo, lo, hi, hi);
        line.LinePattern = LinePattern.Dashed;
        plot.Axes.Bottom.Label.Text = "actual";
        plot.Axes.Left.Label.Text = "predicted";
        plot.Title("Predicted vs actual");
        return Png(plot);
    }

    /// <summary>Residuals (actual − fitted) against fitted values, with the zero line.</summary>
    public static byte[] ResidualsVsFitted(double[] fitted, double[] residuals)
    {
        var plot = new Plot();
        plot.Add.Markers(fitted, residuals, MarkerShape.FilledCircle, 6);
        plot.Add.HorizontalLine(0, 1, Colors.Gray, LinePattern.Dashed);
        plot.Axes.Bottom.Label.Text = "fitted";
        plot.Axes.Left.Label.Text = "residual";
        plot.Title("Residuals vs fitted");
        return Png(plot);
    }

    private static double[] Steps(int count)
    {
        var steps = new double[count];
        for (var i = 0; i < count; i++)
            steps[i] = i;
        return steps;
    }

    private static Color[] PaletteColors(IPalette palette, int count, double alpha)
    {
        var colors = new Color[count];
        for (var i = 0; i < count; i++)
            colors[i] = palette.GetColor(i).WithAlpha(alpha);
        return colors;
    }

    private static byte[] Png(Plot plot) => plot.GetImageBytes(Width, Height, ImageFormat.Png);
}
