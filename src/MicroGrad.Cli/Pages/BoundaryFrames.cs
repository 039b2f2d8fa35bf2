using MicroGrad.Cli.Plots;
using MicroGrad.NN;

namespace MicroGrad.Cli.Pages;

/// <summary>
/// The decision boundary of a model as it trains, one frame per recorded step, for <see cref="DemoPage"/>: the class
/// the model gives the centre of each cell of <see cref="Grid"/> (square cells, <see cref="Cells"/> along the longer side
/// of the data's range padded by 1, as <c>boundary.png</c>), packed one bit a cell.
/// </summary>
/// <remarks>
/// Frame k is the model whose loss <see cref="Trainer.Fit"/> reports at step k: the weights before update k. So the
/// frame of step 0 is taken before training (<see cref="BoundaryFrames(Mlp, double[][], int)"/>), and the one taken in
/// the callback of step k, which runs after update k, is the frame of step k + 1 (<see cref="AfterUpdate"/>). The last
/// update's result (what <c>boundary.png</c> draws) has no step of its own in the history and is not recorded.
/// </remarks>
internal sealed class BoundaryFrames
{
    /// <summary>Cells along the longer side of the range: the notebook's moons get 64 × 46 cells, 368 bytes a frame (492
    /// in base64), one Predict of 2,944 rows each, and cells small enough that the trained model's cells hold every moon
    /// on its side of the boundary.</summary>
    public const int Cells = 64;

    /// <summary>The most frames a page holds, the last step's included (about 100 KB of grids for the notebook's
    /// moons); longer runs are recorded every few steps.</summary>
    public const int MostFrames = 200;

    private readonly Mlp _model;
    private readonly int _steps;
    private readonly List<int> _frameSteps = [];
    private readonly List<byte[]> _frames = [];

    /// <summary>Lays the grid over <paramref name="points"/> and records the frame of step 0 (the model as it is now).</summary>
    /// <param name="model">The model being trained; its weights are read at every recorded step.</param>
    /// <param name="points">The data, (x, y) rows: the grid covers their range padded by 1.</param>
    /// <param name="steps">The steps the training will take (a frame every <see cref="Every"/> of them, and the last).</param>
    public BoundaryFrames(Mlp model, double[][] points, int steps)
    {
        _model = model;
        _steps = steps;
        // Steps 0, Every, 2·Every, … up to steps − 1 are at most MostFrames − 1 intervals, so with the last step (when it
        // is not a multiple of Every) at most MostFrames frames: Every = ceil((steps − 1) / (MostFrames − 1)).
        Every = Math.Max(1, (steps - 1 + MostFrames - 2) / (MostFrames - 1));
        Grid = DecisionGrid.WithSquareCells(points, Cells);
        Record(0);
    }

    /// <summary>The cells, their bounds and centres.</summary>
    public DecisionGrid Grid { get; }

    /// <summary>A frame is recorded at every step that is a multiple of this, and at the last step.</summary>
    public int Every { get; }

    /// <summary>The steps recorded, in increasing order: step 0 first.</summary>
    public IReadOnlyList<int> Steps => _frameSteps;

    /// <summary>Frame i, of step <see cref="Steps"/>[i]: cell i = row·Columns + col of <see cref="Grid"/> (row 0 at the
    /// top) is bit <c>i mod 8</c> (least significant first) of byte <c>i / 8</c>, set when the model gives its centre
    /// class 1.</summary>
    public IReadOnlyList<byte[]> Frames => _frames;

    /// <summary>Trainer.Fit's callback for step k, which runs after update k: records step k + 1's model when that
    /// step is one to record.</summary>
    public void AfterUpdate(TrainingStep step)
    {
        var next = step.Step + 1;
        if (next < _steps && (next % Every == 0 || next == _steps - 1))
            Record(next);
    }

    private void Record(int step)
    {
        var classes = Grid.Classes(_model);
        var bits = new byte[(classes.Length + 7) / 8];
        for (var i = 0; i < classes.Length; i++)
            bits[i >> 3] |= (byte)(classes[i] << (i & 7));
        _frameSteps.Add(step);
        _frames.Add(bits);
    }
}
