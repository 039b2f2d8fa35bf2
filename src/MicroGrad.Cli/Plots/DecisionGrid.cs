using MicroGrad.Cli.Training;
using MicroGrad.NN;

namespace MicroGrad.Cli.Plots;

/// <summary>
/// The grid a decision boundary is drawn on (<c>boundary.png</c>, <see cref="Charts.DecisionBoundary"/>, and every frame
/// of <c>demo.html</c>, <see cref="Pages.BoundaryFrames"/>): <see cref="Columns"/> × <see cref="Rows"/> cells over the
/// data's range padded by 1 (as micrograd's <c>moon_mlp.png</c>), row 0 at the top (at <see cref="YMax"/>). A cell's
/// class is the model's class at its centre.
/// </summary>
internal sealed class DecisionGrid
{
    private DecisionGrid(double xMin, double xMax, double yMin, double yMax, int columns, int rows)
    {
        (XMin, XMax, YMin, YMax, Columns, Rows) = (xMin, xMax, yMin, yMax, columns, rows);
        // The centres as rows, made once: each picture is one batched Predict over them.
        Centres = new double[columns * rows][];
        for (var row = 0; row < rows; row++)
        {
            var y = yMax - (row + 0.5) * (yMax - yMin) / rows;
            for (var col = 0; col < columns; col++)
                Centres[row * columns + col] = [xMin + (col + 0.5) * (xMax - xMin) / columns, y];
        }
    }

    public double XMin { get; }
    public double XMax { get; }
    public double YMin { get; }
    public double YMax { get; }
    public int Columns { get; }
    public int Rows { get; }

    /// <summary>Cell (row, col)'s centre (x, y) at index <c>row·Columns + col</c>.</summary>
    public double[][] Centres { get; }

    /// <summary><paramref name="columns"/> × <paramref name="rows"/> cells over the range of <paramref name="points"/>
    /// ((x, y) rows) padded by 1, stretched to it.</summary>
    public static DecisionGrid Over(double[][] points, int columns, int rows)
    {
        var (xMin, xMax, yMin, yMax) = PaddedRange(points);
        return new DecisionGrid(xMin, xMax, yMin, yMax, columns, rows);
    }

    /// <summary>Square cells over the range of <paramref name="points"/> padded by 1: <paramref name="longSide"/> cells
    /// along the longer side, and along the shorter as many as cover it, that side widened evenly to a whole number of
    /// cells. A picture of the grid at <see cref="Columns"/> : <see cref="Rows"/> keeps x and y at one scale.</summary>
    public static DecisionGrid WithSquareCells(double[][] points, int longSide)
    {
        var (xMin, xMax, yMin, yMax) = PaddedRange(points);
        var (width, height) = (xMax - xMin, yMax - yMin);
        if (width >= height)
        {
            var (rows, pad) = Cover(height, width / longSide);
            return new DecisionGrid(xMin, xMax, yMin - pad, yMax + pad, longSide, rows);
        }
        var (columns, xPad) = Cover(width, height / longSide);
        return new DecisionGrid(xMin - xPad, xMax + xPad, yMin, yMax, columns, longSide);

        // The whole cells of side `size` that cover `length`, and how far to widen each end to fill them.
        static (int Cells, double Pad) Cover(double length, double size)
        {
            var cells = Math.Max(1, (int)Math.Ceiling(length / size - 1e-9));
            return (cells, (cells * size - length) / 2);
        }
    }

    /// <summary>The class <paramref name="model"/> gives each cell's centre (<see cref="Classifier.ClassOf"/>), in the
    /// order of <see cref="Centres"/>.</summary>
    public int[] Classes(Mlp model) => Classifier.Classify(model, null, Centres);

    private static (double XMin, double XMax, double YMin, double YMax) PaddedRange(double[][] points)
    {
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity, yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        foreach (var p in points)
        {
            (xMin, xMax) = (Math.Min(xMin, p[0]), Math.Max(xMax, p[0]));
            (yMin, yMax) = (Math.Min(yMin, p[1]), Math.Max(yMax, p[1]));
        }
        // micrograd pads the data's range by 1 (and samples every 0.25; our grids are finer).
        return (xMin - 1, xMax + 1, yMin - 1, yMax + 1);
    }
}
