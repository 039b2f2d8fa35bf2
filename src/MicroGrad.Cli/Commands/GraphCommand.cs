using System.CommandLine;
using MicroGrad.Cli.Expressions;
using MicroGrad.Visualization;

namespace MicroGrad.Cli.Commands;

/// <summary><c>micrograd graph EXPR --set ... [--backward] [--format svg|dot|html] [--rankdir LR|TB] [--out FILE]</c>.</summary>
internal static class GraphCommand
{
    public static Command Create(CliContext context)
    {
        var expression = Variables.ExpressionArgument();
        var set = Variables.SetOption();
        var backward = new Option<bool>("--backward", "-b")
        {
            Description = "Back-propagate from the output first, so every node shows its gradient (svg and dot; the html page " +
                "opens before both passes and steps through them itself).",
        };
        var format = CommonOptions.Choice("--format", ["svg", "dot", "html"],
            "svg (Graphviz's dot when installed, otherwise the built-in layout), dot (Graphviz text), or html (one offline page " +
            "that steps through the forward and backward passes, with editable leaves).", "svg");
        format.Aliases.Add("-f");
        var rankdir = CommonOptions.Choice("--rankdir", ["LR", "TB"],
            "LR draws the graph left to right (micrograd's draw_dot), TB top to bottom.", "LR");
        var output = new Option<string?>("--out", "-o") { Description = "The file to write (atomically; a device or pipe is written directly, a symlink's target replaced); standard output when absent or -." }.NotEmpty("a file name");
        var command = new Command("graph",
            "Draw the computation graph of an expression, micrograd's draw_dot: a record { label | data | grad } per value, a node per op.\n" +
            "Example: micrograd graph \"tanh(x*w + b)\" --set x=2,w=-3,b=6.8813735870195432 --backward --out neuron.svg")
        {
            expression, set, backward, format, rankdir, output,
        };
        // The page shows the leaves only and computes both passes in the browser: a gradient computed here would not be
        // on it, so the combination is refused rather than ignored.
        command.Validators.Add(r =>
        {
            if (r.GetValue(backward) && r.GetValue(format) == "html")
                r.AddError("--backward goes with --format svg or dot; the html page opens before both passes and steps through the backward pass itself.");
        });
        command.SetAction(parse =>
        {
            // Checked before any work, as every command's output files are (a folder is a usage error).
            Outputs.RequireFile(parse.GetValue(output), "--out");
            var text = parse.GetValue(expression)!;
            var values = Variables.Parse(parse.GetValue(set)!);
            var parsed = Expression.Parse(text);
            Variables.Require(parsed, text, values);
            var leaves = new Dictionary<string, Value>(StringComparer.Ordinal);
            foreach (var name in parsed.Variables())
                leaves[name] = new Value(values[name], name);
            var root = parsed.Build(leaves, text);
            if (parse.GetValue(backward))
                root.Backward();

            var options = new GraphOptions
            {
                Inputs = [.. leaves.Values],
                RankDirection = parse.GetValue(rankdir) == "TB" ? RankDirection.TopToBottom : RankDirection.LeftToRight,
            };
            var picture = parse.GetValue(format) switch
            {
                "dot" => GraphPicture.ToDot(root, options),
                "html" => GraphPicture.ToHtml(root, options),
                _ => GraphPicture.ToSvg(root, options),
            };
            if (parse.GetValue(output) is { } path && path != Outputs.StandardOutput)
            {
                AtomicFile.WriteAllText(path, picture);
                context.Out.WriteLine($"wrote {path} ({root.TopologicalOrder().Count} values, output {Format.Python(root.Data)})");
            }
            else
            {
                context.Out.Write(picture);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
