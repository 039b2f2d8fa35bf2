using ScottPlot;

namespace MicroGrad.Cli.Plots;

/// <summary>The PNG pictures the tool writes (ScottPlot, headless), as bytes: the commands write them with their other
/// outputs, all together at the end (<see cref="Commands.Outputs"/>).</summary>
internal static class Charts
{
    private const int Width = 800;
    private const int Height = 600;

    /// <summary>The classes' colours in every decision picture (boundary.png and demo.html): ScottPlot's Category10 for
    /// the points, and the same at <see cref="CellOpacity"/> over white for the cells of each class.</summary>
    private static readonly IPalette s_classes = new ScottPlot.Palettes.Category10();

    private const double CellOpacity = 0.35;

    /// <summary>Class <paramref name="c"/>'s point colour, <c>#rrggbb</c>.</summary>
    public static string ClassColour(int c) => Hex(s_classes.GetColor(c), 1.0);

    /// <summary>Class <paramref name="c"/>'s cell colour, <c>#rrggbb</c>: the point colour at
    /// <see cref="CellOpacity"/> over white, as boundary.png's heatmap shows it.</summary>
    public static string CellColour(int c) => Hex(s_classes.GetColor(c), CellOpacity);

    private static string Hex(Color colour, double opacity)
    {
        static int OverWhite(byte channel, double opacity) => (int)Math.Round(255 - opacity * (255 - channel));
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"#{OverWhite(colour.R, opacity):x2}{OverWhite(colour.G, opacity):x2}{OverWhite(colour.B, opacity):x2}");
    }

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
        // micrograd samples every 0.25 over the padded range; a finer grid reads better at 800 px.
        var grid = DecisionGrid.Over(points, 120, 120);
        var decided = classify(grid.Centres);
        var cells = new double[grid.Rows, grid.Columns];
        for (var row = 0; row < grid.Rows; row++)
        {
            for (var col = 0; col < grid.Columns; col++)
                cells[row, col] = decided[row * grid.Columns + col];
        }

        var plot = new Plot();
        var classCount = 0;
        foreach (var c in classes)
            classCount = Math.Max(classCount, c + 1);
        var heatmap = plot.Add.Heatmap(cells);
        heatmap.Extent = new CoordinateRect(grid.XMin, grid.XMax, grid.YMin, grid.YMax);
        heatmap.Colormap = new ScottPlot.Colormaps.CustomPalette(PaletteColors(s_classes, Math.Max(classCount, 2), CellOpacity));
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
            var markers = plot.Add.Markers(xs.ToArray(), ys.ToArray(), MarkerShape.FilledCircle, 7, s_classes.GetColor(c));
            markers.LegendText = classNames is not null && c < classNames.Count ? classNames[c] : $"class {c}";
        }
        plot.Axes.SetLimits(grid.XMin, grid.XMax, grid.YMin, grid.YMax);
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
