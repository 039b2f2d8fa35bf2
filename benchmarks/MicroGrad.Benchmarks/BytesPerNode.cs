using System.Globalization;
using MicroGrad;

namespace MicroGrad.Benchmarks;

/// <summary>Bytes allocated per graph node by the demo step, for both graph kinds (a count, so one run suffices).</summary>
internal static class BytesPerNode
{
    public static void Print()
    {
        var demo = new DemoStepBenchmarks();
        demo.Setup();
        var nodes = demo.NodesPerStep();

        // Warm up first: the JIT and the traversal's reusable buffers allocate on the first calls only.
        for (var i = 0; i < 3; i++)
            demo.DynamicStep();
        var before = GC.GetAllocatedBytesForCurrentThread();
        demo.DynamicStep();
        var dynamicBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        before = GC.GetAllocatedBytesForCurrentThread();
        var leaf = new Value(1.0);
        var node = leaf * leaf;
        var nodeBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(node);

        var loss = demo.BuildLoss();
        before = GC.GetAllocatedBytesForCurrentThread();
        var compiled = loss.Compile();
        var compileBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        for (var i = 0; i < 3; i++)
            demo.CompiledStep();
        before = GC.GetAllocatedBytesForCurrentThread();
        demo.CompiledStep();
        var compiledStepBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"demo step: {nodes} nodes"));
        Console.WriteLine(string.Create(c, $"one Value node (a leaf, then an op node): {nodeBytes / 2} bytes each"));
        Console.WriteLine(string.Create(c, $"dynamic step: {dynamicBytes} bytes allocated, {(double)dynamicBytes / nodes:F1} bytes per node"));
        Console.WriteLine(string.Create(c, $"compile (one time, tape + a temporary index): {compileBytes} bytes, {(double)compileBytes / compiled.NodeCount:F1} bytes per node"));
        Console.WriteLine(string.Create(c, $"compiled step: {compiledStepBytes} bytes allocated, {(double)compiledStepBytes / nodes:F1} bytes per node"));
    }
}
