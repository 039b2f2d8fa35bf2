using System.Text;
using System.Text.Json;
using MicroGrad.Cli.Plots;
using MicroGrad.NN;

namespace MicroGrad.Cli.Pages;

/// <summary>
/// <c>demo.html</c>: one offline page (no request leaves it, nothing vendored) with the demo's training steps as data, a
/// step slider, the loss and accuracy curves with the selected step marked, and the decision boundary of the model at
/// that step over the moons. The template (<c>demo.html</c>, <c>demo.css</c> and the scripts beside this file) is
/// embedded in the tool; the data goes in a <c>&lt;script type="application/json"&gt;</c>, written by
/// <see cref="Utf8JsonWriter"/> (numbers in their shortest round-trip form, so the page prints the run's very digits;
/// its default encoder escapes <c>&lt;</c>, so no text can close the script element).
/// </summary>
/// <remarks>The DOM contract (issue 11): an <c>input type=range</c> with <c>data-step</c> (0 to steps − 1) and an element
/// with <c>data-loss</c> whose text and attribute are the loss at the selected step as JavaScript prints it.</remarks>
internal static class DemoPage
{
    /// <summary>The scripts, in the order the page runs them (each one concern; the last starts the page).</summary>
    private static readonly string[] s_scripts = ["demo.data.js", "demo.boundary.js", "demo.curves.js", "demo.controls.js"];

    /// <summary>The page for a run.</summary>
    /// <param name="description">What was trained, in words (model, data, weights).</param>
    /// <param name="history">The run's steps, as <see cref="Trainer.Fit"/> returned them: one at least (the CLI refuses
    /// <c>--steps 0</c>, so the page has no branch for a run of none).</param>
    /// <param name="points">The training data, (x, y) rows.</param>
    /// <param name="classes">Each row's class, 0 or 1.</param>
    /// <param name="classNames">The two classes' names, for the legend.</param>
    /// <param name="boundary">The boundary frames recorded during the run.</param>
    public static string Html(string description, IReadOnlyList<TrainingStep> history, double[][] points, int[] classes,
        IReadOnlyList<string> classNames, BoundaryFrames boundary)
    {
        ArgumentOutOfRangeException.ThrowIfZero(history.Count);
        var script = new StringBuilder();
        foreach (var name in s_scripts)
            script.Append(Resource(name)).Append('\n');
        return Resource("demo.html")
            .Replace("/*{{style}}*/", Resource("demo.css"), StringComparison.Ordinal)
            .Replace("/*{{script}}*/", script.ToString(), StringComparison.Ordinal)
            .Replace("{{data}}", Json(description, history, points, classes, classNames, boundary), StringComparison.Ordinal);
    }

    /// <summary>The page's data: the history by columns, the points, and the boundary frames in base64.</summary>
    internal static string Json(string description, IReadOnlyList<TrainingStep> history, double[][] points, int[] classes,
        IReadOnlyList<string> classNames, BoundaryFrames boundary)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("description", description);
            WriteColumn(json, "loss", history, h => h.Loss);
            WriteColumn(json, "accuracy", history, h => h.Accuracy);
            WriteColumn(json, "learningRate", history, h => h.LearningRate);
            WriteColumn(json, "x", points, p => p[0]);
            WriteColumn(json, "y", points, p => p[1]);
            json.WriteStartArray("classes");
            foreach (var c in classes)
                json.WriteNumberValue(c);
            json.WriteEndArray();
            json.WriteStartArray("classNames");
            foreach (var name in classNames)
                json.WriteStringValue(name);
            json.WriteEndArray();

            // Each class's colours, from the one palette boundary.png draws with.
            json.WriteStartArray("pointColours");
            for (var c = 0; c < classNames.Count; c++)
                json.WriteStringValue(Charts.ClassColour(c));
            json.WriteEndArray();
            json.WriteStartArray("cellColours");
            for (var c = 0; c < classNames.Count; c++)
                json.WriteStringValue(Charts.CellColour(c));
            json.WriteEndArray();

            var grid = boundary.Grid;
            json.WriteStartObject("boundary");
            json.WriteNumber("columns", grid.Columns);
            json.WriteNumber("rows", grid.Rows);
            json.WriteNumber("xMin", grid.XMin);
            json.WriteNumber("xMax", grid.XMax);
            json.WriteNumber("yMin", grid.YMin);
            json.WriteNumber("yMax", grid.YMax);
            json.WriteNumber("every", boundary.Every);
            json.WriteStartArray("steps");
            foreach (var step in boundary.Steps)
                json.WriteNumberValue(step);
            json.WriteEndArray();
            json.WriteStartArray("frames");
            foreach (var frame in boundary.Frames)
                json.WriteBase64StringValue(frame);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteColumn<T>(Utf8JsonWriter json, string name, IReadOnlyList<T> rows, Func<T, double> value)
    {
        json.WriteStartArray(name);
        foreach (var row in rows)
            json.WriteNumberValue(value(row));
        json.WriteEndArray();
    }

    /// <summary>A template file embedded under the logical name <c>Pages/NAME</c> (MicroGrad.Cli.csproj).</summary>
    private static string Resource(string name)
    {
        using var stream = typeof(DemoPage).Assembly.GetManifestResourceStream("Pages/" + name)
            ?? throw new InvalidOperationException($"The page template 'Pages/{name}' is not embedded in the tool.");
        return Template(stream);
    }

    /// <summary>A template's text with its line ends as <c>\n</c>, as the library's HtmlWriter reads its own: a checkout
    /// that turned them into <c>\r\n</c> (Windows, without .gitattributes) builds a tool that writes the same bytes.</summary>
    internal static string Template(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
