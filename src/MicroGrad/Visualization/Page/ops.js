// ---- ops.js: every op, mirroring src/MicroGrad/Value.Ops.cs op by op (the one place the page knows an op) ----
// Numbers: a and b are the operands' data (b is unused by a unary op), or for an op with a `constant` (**c), b is that
// constant, read from the value's JSON field of that name.
// forward(a, b): the op's data.
// local(a, b, out): the local derivative d out / d operand, one per operand.
// backward(a, b, out, g): what the op adds to each operand's grad, given its output `out` and grad g, with the same
//   arithmetic in the same order as the C# Propagate (so the numbers equal the engine's to the bit, but for
//   Math.exp/log/tanh/pow, whose last bit may differ between V8 and .NET). It is local × g (see the end of the
//   table) unless an op writes its own because C# computes it otherwise.
// Text: a and b are the operands' names (b is the constant itself for **c), out the value's name.
// text(a, b): how the value is made from its operands, e.g. "x1 * w1" or "tanh(n)".
// formulas(out, a, b): each operand's local derivative in those names, e.g. "∂L/∂d = f".
// name: the op in words; words: what its backward step does.

/**
 * .NET's Math.Pow where JavaScript's differs: IEEE 754 pow gives 1 for 1 ** y (even y = NaN) and for (−1) ** ±∞, where
 * Math.pow gives NaN; and x ** 2 is x · x, correctly rounded as .NET's is (V8's Math.pow may miss the last bit).
 */
function pow(a, b) {
  if (a === 1 || (a === -1 && (b === Infinity || b === -Infinity))) return 1;
  return b === 2 ? a * a : Math.pow(a, b);
}

const OPS = {
  Add: {
    name: "sum", arity: 2,
    forward: (a, b) => a + b,
    local: () => [1, 1],
    text: (a, b) => a + " + " + b,
    formulas: (out, a, b) => ["∂" + out + "/∂" + a + " = 1", "∂" + out + "/∂" + b + " = 1"],
    words: "A sum passes its gradient on unchanged to both operands.",
  },
  Sub: {
    name: "difference", arity: 2,
    forward: (a, b) => a - b,
    local: () => [1, -1],
    text: (a, b) => a + " - " + b,
    formulas: (out, a, b) => ["∂" + out + "/∂" + a + " = 1", "∂" + out + "/∂" + b + " = −1"],
    words: "A difference passes its gradient on to the first operand, and its negative to the second.",
  },
  Mul: {
    name: "product", arity: 2,
    forward: (a, b) => a * b,
    local: (a, b) => [b, a],
    text: (a, b) => a + " * " + b,
    formulas: (out, a, b) => ["∂" + out + "/∂" + a + " = " + b, "∂" + out + "/∂" + b + " = " + a],
    words: "A product sends each operand the gradient times the other operand.",
  },
  Div: {
    name: "quotient", arity: 2,
    forward: (a, b) => a / b,
    // C#: ga += g / b (not g × (1/b)); gb += -g * (a / b / b) (PyTorch's order).
    backward: (a, b, out, g) => [g / b, -g * (a / b / b)],
    local: (a, b) => [1 / b, -(a / b / b)],
    text: (a, b) => a + " / " + b,
    formulas: (out, a, b) => ["∂" + out + "/∂" + a + " = 1/" + b, "∂" + out + "/∂" + b + " = −" + a + "/" + b + "²"],
    words: "A quotient sends the numerator the gradient divided by the denominator, and the denominator the gradient times −numerator/denominator².",
  },
  Neg: {
    name: "negation", arity: 1,
    forward: (a) => -a,
    local: () => [-1],
    text: (a) => "−" + a,
    formulas: (out, a) => ["∂" + out + "/∂" + a + " = −1"],
    words: "A negation sends back the negated gradient.",
  },
  PowConst: {
    name: "power by a constant", arity: 1, constant: "exponent",
    forward: (a, c) => pow(a, c),
    local: (a, c) => [c === 0 ? 0 : c * pow(a, c - 1)],
    text: (a, c) => a + "**" + short(c),
    formulas: (out, a, c) => ["∂" + out + "/∂" + a + " = " + (c === 0 ? "0 (the exponent is 0)" : short(c) + " · " + a + "**" + short(c - 1))],
    words: "The power rule; the exponent is a constant of the op, not an operand.",
  },
  Pow: {
    name: "power", arity: 2,
    forward: (a, b) => pow(a, b),
    local: (a, b, out) => [b === 0 ? 0 : b * pow(a, b - 1), a === 0 && b >= 0 ? 0 : out * Math.log(a)],
    text: (a, b) => a + " ** " + b,
    formulas: (out, a, b) => ["∂" + out + "/∂" + a + " = " + b + " · " + a + "**(" + b + " − 1) (0 where " + b + " = 0)",
      "∂" + out + "/∂" + b + " = " + out + " · ln " + a + " (0 where " + a + " = 0 and " + b + " ≥ 0)"],
    words: "The power rule for the base; for the exponent, the output times ln of the base.",
  },
  Exp: {
    name: "exponential", arity: 1,
    forward: (a) => Math.exp(a),
    local: (a, b, out) => [out],
    text: (a) => "exp(" + a + ")",
    formulas: (out, a) => ["∂" + out + "/∂" + a + " = exp(" + a + ") = " + out],
    words: "The exponential is its own derivative: the gradient times the output.",
  },
  Log: {
    name: "logarithm", arity: 1,
    forward: (a) => Math.log(a),
    // C#: g / a, not g × (1/a).
    backward: (a, b, out, g) => [g / a],
    local: (a) => [1 / a],
    text: (a) => "log(" + a + ")",
    formulas: (out, a) => ["∂" + out + "/∂" + a + " = 1/" + a],
    words: "The logarithm sends back the gradient divided by its input.",
  },
  Tanh: {
    name: "tanh", arity: 1,
    forward: (a) => Math.tanh(a),
    local: (a, b, out) => [1 - out * out],
    text: (a) => "tanh(" + a + ")",
    formulas: (out, a) => ["∂" + out + "/∂" + a + " = 1 − " + out + "²"],
    words: "tanh's slope is 1 − tanh², read from the output.",
  },
  Relu: {
    name: "ReLU", arity: 1,
    // NaN stays NaN, as in the engine; backward sends 0 where the output is not positive, even for an infinite g.
    forward: (a) => (a > 0 || Number.isNaN(a) ? a : 0),
    backward: (a, b, out, g) => [out > 0 ? g : 0],
    local: (a, b, out) => [out > 0 ? 1 : 0],
    text: (a) => "ReLU(" + a + ")",
    formulas: (out, a) => ["∂" + out + "/∂" + a + " = 1 if " + out + " > 0, else 0"],
    words: "ReLU lets the gradient through where its output is positive and stops it elsewhere.",
  },
  Sigmoid: {
    name: "sigmoid", arity: 1,
    forward: (a) => 1 / (1 + Math.exp(-a)),
    local: (a, b, out) => [(1 - out) * out],
    text: (a) => "sigmoid(" + a + ")",
    formulas: (out, a) => ["∂" + out + "/∂" + a + " = (1 − " + out + ") · " + out],
    words: "The sigmoid's slope is (1 − σ)·σ, read from the output.",
  },
};

// Every other op sends each operand upstream grad × local derivative, the C# Propagate's arithmetic for it.
for (const op of Object.values(OPS)) op.backward ??= (a, b, out, g) => op.local(a, b, out).map((l) => l * g);
