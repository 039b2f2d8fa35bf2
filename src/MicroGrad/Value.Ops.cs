using System.Runtime.CompilerServices;

namespace MicroGrad;

/// <summary>The operation that produced a <see cref="Value"/>; a byte so that a node stays compact. Adding an op
/// means a member here, its section in one of the Value.Ops.*.cs files (public method, forward, backward, gradient
/// as ops), its line in each switch below (and in IsBinary if it reads two operands), its row in the tests' OpTests
/// and its twin in the learner's page (Visualization/Page/ops.js); tests fail for any member without them.</summary>
internal enum OpCode : byte
{
    // 0, the default: a node made by a constructor without an op is a leaf.
    Leaf = 0,
    Add,
    Sub,
    Mul,
    Div,
    Neg,
    PowConst,
    Pow,
    Exp,
    Log,
    Tanh,
    Relu,
    Sigmoid,
    Abs,
    Sqrt,
    Sin,
    Cos,
    Log1p,
    Softplus,
    Sign,
    Max,
    Min,
}

// Every op is defined in one section of one of Value.Ops.Arithmetic.cs (+ − · / neg **), Value.Ops.Functions.cs (exp, log,
// log1p, sqrt, sin, cos, tanh, sigmoid, softplus) and Value.Ops.Piecewise.cs (ReLU, abs, sign, max, min), as
// micrograd's engine.py reads: the public method that builds the node, then its forward formula (the output's data),
// then its backward (the chain rule: what it adds to each operand's grad, given out.grad = g), then the same backward
// written with Value ops, which Autograd.Grad uses to build gradients as graphs (gradients of gradients).
// The dynamic graph (Value.Backward) and compiled graphs (CompiledGraph) both go through Evaluate and Propagate below,
// so both give identical bits; Autograd.Grad goes through Gradient, whose ops compute the same numbers in the same
// order. Each derivative is PyTorch's formula for the op, evaluated in PyTorch's order, so gradients agree with it to
// the last bit.
public sealed partial class Value
{
    // ---- Dispatch: one line per op in each switch ----

    /// <summary>The forward formula of <paramref name="op"/>. <paramref name="b"/> is the second operand, or the
    /// exponent of <see cref="OpCode.PowConst"/>; unary ops ignore it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Evaluate(OpCode op, double a, double b) => op switch
    {
        OpCode.Add => AddForward(a, b),
        OpCode.Sub => SubForward(a, b),
        OpCode.Mul => MulForward(a, b),
        OpCode.Div => DivForward(a, b),
        OpCode.Neg => NegForward(a),
        OpCode.PowConst or OpCode.Pow => PowForward(a, b),
        OpCode.Exp => ExpForward(a),
        OpCode.Log => LogForward(a),
        OpCode.Tanh => TanhForward(a),
        OpCode.Relu => ReluForward(a),
        OpCode.Sigmoid => SigmoidForward(a),
        _ => EvaluateBeyondMicrograd(op, a, b),
    };

    // The ops micrograd lacks, out of line as in Propagate (which see).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double EvaluateBeyondMicrograd(OpCode op, double a, double b) => op switch
    {
        OpCode.Abs => AbsForward(a),
        OpCode.Sqrt => SqrtForward(a),
        OpCode.Sin => SinForward(a),
        OpCode.Cos => CosForward(a),
        OpCode.Log1p => Log1pForward(a),
        OpCode.Softplus => SoftplusForward(a),
        OpCode.Sign => SignForward(a),
        OpCode.Max => MaxForward(a, b),
        OpCode.Min => MinForward(a, b),
        _ => MicroGradThrow.ArgumentOutOfRange<double>(nameof(op), op, "an op code with a forward formula"),
    };

    /// <summary>The chain rule for one node: adds d(out)/d(operand)·<paramref name="g"/> to each operand's gradient.
    /// <paramref name="a"/> and <paramref name="b"/> are the operands' data (b is the exponent of
    /// <see cref="OpCode.PowConst"/>), <paramref name="result"/> the node's data and <paramref name="g"/> its gradient;
    /// <paramref name="ga"/> and <paramref name="gb"/> are the operands' gradients (a unary op writes only
    /// <paramref name="ga"/>; <paramref name="gb"/> may then be any slot, even <paramref name="ga"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Propagate(OpCode op, double a, double b, double result, double g, ref double ga, ref double gb)
    {
        switch (op)
        {
            case OpCode.Add: AddBackward(g, ref ga, ref gb); break;
            case OpCode.Sub: SubBackward(g, ref ga, ref gb); break;
            case OpCode.Mul: MulBackward(a, b, g, ref ga, ref gb); break;
            case OpCode.Div: DivBackward(a, b, g, ref ga, ref gb); break;
            case OpCode.Neg: NegBackward(g, ref ga); break;
            case OpCode.PowConst: PowBaseBackward(a, b, g, ref ga); break;
            case OpCode.Pow:
                PowBaseBackward(a, b, g, ref ga);
                PowExponentBackward(a, b, result, g, ref gb);
                break;
            case OpCode.Exp: ExpBackward(result, g, ref ga); break;
            case OpCode.Log: LogBackward(a, g, ref ga); break;
            case OpCode.Tanh: TanhBackward(result, g, ref ga); break;
            case OpCode.Relu: ReluBackward(result, g, ref ga); break;
            case OpCode.Sigmoid: SigmoidBackward(result, g, ref ga); break;
            default: PropagateBeyondMicrograd(op, a, b, result, g, ref ga, ref gb); break;
        }
    }

    // The ops micrograd lacks, out of line, so that Backward's loop and the compiled replay, into which Propagate is
    // inlined, stay the size they were before these ops came (two BenchmarkDotNet runs of ChainBenchmarks had shown a
    // chain of additions 13-24% slower with them inlined; runs on this machine vary by as much).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PropagateBeyondMicrograd(OpCode op, double a, double b, double result, double g, ref double ga,
        ref double gb)
    {
        switch (op)
        {
            case OpCode.Abs: AbsBackward(a, g, ref ga); break;
            case OpCode.Sqrt: SqrtBackward(result, g, ref ga); break;
            case OpCode.Sin: SinBackward(a, g, ref ga); break;
            case OpCode.Cos: CosBackward(a, g, ref ga); break;
            case OpCode.Log1p: Log1pBackward(a, g, ref ga); break;
            case OpCode.Softplus: SoftplusBackward(a, g, ref ga); break;
            case OpCode.Sign: break;
            case OpCode.Max: MaxBackward(a, b, g, ref ga, ref gb); break;
            case OpCode.Min: MinBackward(a, b, g, ref ga, ref gb); break;
            default: MicroGradThrow.ArgumentOutOfRange(nameof(op), op, "an op code with a derivative"); break;
        }
    }

    /// <summary>The chain rule for one node, as <see cref="Propagate"/> but written with ops, so that the result is
    /// itself a graph that can be differentiated again: what <paramref name="node"/> sends to each operand given its
    /// gradient <paramref name="g"/> (null where it sends nothing; the second is null for a one-operand op).</summary>
    internal static (Value? A, Value? B) Gradient(Value node, Value g)
    {
        var a = node._left!;
        var b = node._right;
        return node._op switch
        {
            OpCode.Add => AddGradient(g),
            OpCode.Sub => SubGradient(g),
            OpCode.Mul => MulGradient(a, b!, g),
            OpCode.Div => DivGradient(a, b!, g),
            OpCode.Neg => NegGradient(g),
            OpCode.PowConst => PowConstGradient(a, b!.Data, g),
            OpCode.Pow => PowGradient(a, b!, node, g),
            OpCode.Exp => ExpGradient(node, g),
            OpCode.Log => LogGradient(a, g),
            OpCode.Tanh => TanhGradient(node, g),
            OpCode.Relu => ReluGradient(node, g),
            OpCode.Sigmoid => SigmoidGradient(node, g),
            OpCode.Abs => AbsGradient(a, g),
            OpCode.Sqrt => SqrtGradient(node, g),
            OpCode.Sin => SinGradient(a, g),
            OpCode.Cos => CosGradient(a, g),
            OpCode.Log1p => Log1pGradient(a, g),
            OpCode.Softplus => SoftplusGradient(a, g),
            OpCode.Sign => SignGradient(),
            OpCode.Max => MaxGradient(a, b!, g),
            OpCode.Min => MinGradient(a, b!, g),
            _ => MicroGradThrow.ArgumentOutOfRange<(Value?, Value?)>(nameof(node), node._op, "an op code with a derivative"),
        };
    }

    /// <summary>Whether <paramref name="op"/> reads two operands (the traversals ask once per node).</summary>
    internal static bool IsBinary(OpCode op) =>
        op is OpCode.Add or OpCode.Sub or OpCode.Mul or OpCode.Div or OpCode.Pow or OpCode.Max or OpCode.Min;

    /// <summary>Number of operands <paramref name="op"/> reads: 0 for a leaf, 2 for a binary op, else 1 (the
    /// exponent of <see cref="OpCode.PowConst"/> is part of the op, not an operand).</summary>
    internal static int Arity(OpCode op) => op == OpCode.Leaf ? 0 : IsBinary(op) ? 2 : 1;

    /// <summary>micrograd's label for <paramref name="op"/> (<see cref="Op"/> adds the exponent of <c>**c</c>).</summary>
    internal static string Symbol(OpCode op) => op switch
    {
        OpCode.Leaf => "",
        OpCode.Add => "+",
        OpCode.Sub => "-",
        OpCode.Mul => "*",
        OpCode.Div => "/",
        OpCode.Neg => "neg",
        OpCode.PowConst or OpCode.Pow => "**",
        OpCode.Exp => "exp",
        OpCode.Log => "log",
        OpCode.Tanh => "tanh",
        OpCode.Relu => "ReLU",
        OpCode.Sigmoid => "sigmoid",
        OpCode.Abs => "abs",
        OpCode.Sqrt => "sqrt",
        OpCode.Sin => "sin",
        OpCode.Cos => "cos",
        OpCode.Log1p => "log1p",
        OpCode.Softplus => "softplus",
        OpCode.Sign => "sign",
        OpCode.Max => "max",
        OpCode.Min => "min",
        _ => MicroGradThrow.ArgumentOutOfRange<string>(nameof(op), op, "a defined op code"),
    };
}
