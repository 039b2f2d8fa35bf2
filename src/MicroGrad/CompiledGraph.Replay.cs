using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MicroGrad;

// The replay loops: a fast one that executes (Mul, Add) runs without a dispatch per node, and a checked one for
// anomaly mode, both applying the per-op formulas of Value.Ops.cs (Value.Evaluate and Value.Propagate), as the
// dynamic graph does.
public sealed partial class CompiledGraph
{
    // Indices were checked when compiling (every operand precedes its node, every slot exists), so the loops below
    // read the arrays without bounds checks.
    private void ForwardFast()
    {
        ref var v = ref MemoryMarshal.GetArrayDataReference(_values);
        ref var instruction = ref MemoryMarshal.GetArrayDataReference(_instructions);
        ref var runPairs = ref MemoryMarshal.GetArrayDataReference(_runPairs);
        var leafCount = _leaves.Length;
        var count = _instructions.Length;
        var j = 0;
        while (j < count)
        {
            ref readonly var step = ref Unsafe.Add(ref instruction, j);
            if (step.Kind == RunStart)
            {
                // A chain sum_k = sum_k-1 + w·x keeps its running sum in a register rather than reading back the slot
                // it has just written (the same number, without the store-to-load latency on the critical path).
                var sum = 0.0;
                var sumSlot = -1;
                for (var end = j + 2 * Unsafe.Add(ref runPairs, j); j < end; j += 2)
                {
                    ref readonly var mul = ref Unsafe.Add(ref instruction, j);
                    ref readonly var add = ref Unsafe.Add(ref instruction, j + 1);
                    var product = Value.MulForward(Unsafe.Add(ref v, mul.A), Unsafe.Add(ref v, mul.B));
                    Unsafe.Add(ref v, leafCount + j) = product;
                    // add.B is the product's slot (FindRuns checked it).
                    var left = add.A == sumSlot ? sum : Unsafe.Add(ref v, add.A);
                    sum = Value.AddForward(left, product);
                    sumSlot = leafCount + j + 1;
                    Unsafe.Add(ref v, sumSlot) = sum;
                }
                continue;
            }
            Unsafe.Add(ref v, leafCount + j) = Value.Evaluate(step.Op, Unsafe.Add(ref v, step.A), Unsafe.Add(ref v, step.B));
            j++;
        }
    }

    private void ForwardChecked()
    {
        ref var v = ref MemoryMarshal.GetArrayDataReference(_values);
        ref var instruction = ref MemoryMarshal.GetArrayDataReference(_instructions);
        var node = _leaves.Length;
        for (var j = 0; j < _instructions.Length; j++, node++)
        {
            var (op, _, a, b) = Unsafe.Add(ref instruction, j);
            var result = Value.Evaluate(op, Unsafe.Add(ref v, a), Unsafe.Add(ref v, b));
            Unsafe.Add(ref v, node) = result;
            if (!double.IsFinite(result))
                ThrowForwardAnomaly(node);
        }
    }

    private void BackwardFast()
    {
        ref var v = ref MemoryMarshal.GetArrayDataReference(_values);
        ref var grad = ref MemoryMarshal.GetArrayDataReference(_grads);
        ref var instruction = ref MemoryMarshal.GetArrayDataReference(_instructions);
        ref var runPairs = ref MemoryMarshal.GetArrayDataReference(_runPairs);
        var leafCount = _leaves.Length;
        var j = _instructions.Length - 1;
        while (j >= 0)
        {
            ref readonly var step = ref Unsafe.Add(ref instruction, j);
            if (step.Kind == RunEnd)
            {
                // As in the forward run, the gradient flowing down a chain of sums is carried in a register: when an
                // Add's first operand is the next pair's sum (and this pair's product does not read that slot), its
                // new gradient is exactly the slot's value + g, which the next pair would read back and then clear.
                var carried = 0.0;
                var carriedSlot = -1;
                for (var start = j - 2 * Unsafe.Add(ref runPairs, j); j > start; j -= 2)
                {
                    // The Add, then its product: Value.Propagate's Add and Mul cases, in that order (when the sum's
                    // gradient is carried, the Add adds into the register instead of the slot).
                    ref readonly var add = ref Unsafe.Add(ref instruction, j);
                    ref readonly var mul = ref Unsafe.Add(ref instruction, j - 1);
                    var sumSlot = leafCount + j;
                    ref var gradOfSum = ref Unsafe.Add(ref grad, sumSlot);
                    var g = sumSlot == carriedSlot ? carried : gradOfSum;
                    gradOfSum = 0.0;
                    ref var gradOfFirst = ref Unsafe.Add(ref grad, add.A);
                    ref var gradOfProduct = ref Unsafe.Add(ref grad, add.B);
                    if (add.A == sumSlot - 2 && j - 2 > start && mul.A != add.A && mul.B != add.A)
                    {
                        carried = gradOfFirst;
                        Value.AddBackward(g, ref carried, ref gradOfProduct);
                        carriedSlot = add.A;
                    }
                    else
                    {
                        Value.AddBackward(g, ref gradOfFirst, ref gradOfProduct);
                    }
                    var gp = gradOfProduct;
                    gradOfProduct = 0.0;
                    Value.MulBackward(Unsafe.Add(ref v, mul.A), Unsafe.Add(ref v, mul.B), gp,
                        ref Unsafe.Add(ref grad, mul.A), ref Unsafe.Add(ref grad, mul.B));
                }
                continue;
            }
            var node = leafCount + j;
            ref var gradOfNode = ref Unsafe.Add(ref grad, node);
            var gradient = gradOfNode;
            gradOfNode = 0.0;
            Propagate(step, node, gradient, ref v, ref grad);
            j--;
        }
    }

    private void BackwardChecked()
    {
        ref var v = ref MemoryMarshal.GetArrayDataReference(_values);
        ref var grad = ref MemoryMarshal.GetArrayDataReference(_grads);
        ref var instruction = ref MemoryMarshal.GetArrayDataReference(_instructions);
        var leafCount = _leaves.Length;
        for (var j = _instructions.Length - 1; j >= 0; j--)
        {
            var node = leafCount + j;
            ref readonly var step = ref Unsafe.Add(ref instruction, j);
            ref var gradOfNode = ref Unsafe.Add(ref grad, node);
            var g = gradOfNode;
            gradOfNode = 0.0;
            Propagate(step, node, g, ref v, ref grad);
            if (!double.IsFinite(Unsafe.Add(ref grad, step.A))
                || (Value.Arity(step.Op) == 2 && !double.IsFinite(Unsafe.Add(ref grad, step.B))))
                ThrowBackwardAnomaly(node, g);
        }
    }

    /// <summary>The chain rule for one node of the tape: <see cref="Value"/>'s Propagate on slots instead of nodes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Propagate(in Instruction step, int node, double g, ref double v, ref double grad) =>
        Value.Propagate(step.Op, Unsafe.Add(ref v, step.A), Unsafe.Add(ref v, step.B), Unsafe.Add(ref v, node), g,
            ref Unsafe.Add(ref grad, step.A), ref Unsafe.Add(ref grad, step.B));

    // A detached copy of tape slot i for an anomaly message: its value, label and this pass's gradient.
    private Value Operand(int i)
    {
        var label = i < _leaves.Length ? _leaves[i].Label : i < _nodeCount ? _labels?[i] : null;
        return new Value(_values[i], label) { Grad = i < _nodeCount ? _grads[i] : 0.0 };
    }

    private Value? SecondOperand(OpCode op, int b) =>
        Value.Arity(op) == 2 || op == OpCode.PowConst ? Operand(b) : null;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowForwardAnomaly(int node)
    {
        var (op, _, a, b) = _instructions[node - _leaves.Length];
        MicroGradThrow.Anomaly_Forward(op, Operand(a), SecondOperand(op, b), _values[node]);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowBackwardAnomaly(int node, double grad)
    {
        var (op, _, a, b) = _instructions[node - _leaves.Length];
        var message = Value.ForMessage(op, Operand(a), SecondOperand(op, b), _values[node], grad);
        // Restore the all-zero invariant before leaving in the middle of a pass.
        Array.Clear(_grads);
        MicroGradThrow.Anomaly_Backward(message);
    }
}
