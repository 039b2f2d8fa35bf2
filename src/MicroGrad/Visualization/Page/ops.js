// ---- ops.js: every op, mirroring src/MicroGrad/Value.Ops.cs op by op (the one place the page knows an op) ----
// forward(a, b): the op's data; b is the second operand's data, or the exponent of **c; unary ops ignore it.
// backward(a, b, out, g): what the op adds to each operand's grad, given its output `out` and grad g, written with the
//   same arithmetic in the same order as the C# Propagate (so the numbers equal the engine's to the bit, but for
//   Math.exp/log/tanh/pow, whose last bit may differ between V8 and .NET).
// local(a, b, out): the local derivative d out / d operand, for display (Div's g / b is shown as g × 1/b).
// formulas: that derivative as text, one per operand; name: the op in words.

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
    backward: (a, b, out, g) => [g, g],
    local: () => [1, 1],
    formulas: ["∂(a + b)/∂a = 1", "∂(a + b)/∂b = 1"],
    words: "A sum passes its gradient on unchanged to both operands.",
  },
  Sub: {
    name: "difference", arity: 2,
    forward: (a, b) => a - b,
    backward: (a, b, out, g) => [g, -g],
    local: () => [1, -1],
    formulas: ["∂(a − b)/∂a = 1", "∂(a − b)/∂b = −1"],
    words: "A difference passes its gradient on to a, and its negative to b.",
  },
  Mul: {
    name: "product", arity: 2,
    forward: (a, b) => a * b,
    backward: (a, b, out, g) => [b * g, a * g],
    local: (a, b) => [b, a],
    formulas: ["∂(a · b)/∂a = b", "∂(a · b)/∂b = a"],
    words: "A product sends each operand the gradient times the other operand.",
  },
  Div: {
    name: "quotient", arity: 2,
    forward: (a, b) => a / b,
    // C#: ga += g / b; gb += -g * (a / b / b) (PyTorch's order).
    backward: (a, b, out, g) => [g / b, -g * (a / b / b)],
    local: (a, b) => [1 / b, -(a / b / b)],
    formulas: ["∂(a / b)/∂a = 1/b", "∂(a / b)/∂b = −a/b²"],
    words: "A quotient sends a the gradient divided by b, and b the gradient times −a/b².",
  },
  Neg: {
    name: "negation", arity: 1,
    forward: (a) => -a,
    backward: (a, b, out, g) => [-g],
    local: () => [-1],
    formulas: ["∂(−a)/∂a = −1"],
    words: "A negation sends back the negated gradient.",
  },
  PowConst: {
    name: "power by a constant", arity: 1,
    forward: (a, c) => pow(a, c),
    backward: (a, c, out, g) => [(c === 0 ? 0 : c * pow(a, c - 1)) * g],
    local: (a, c) => [c === 0 ? 0 : c * pow(a, c - 1)],
    formulas: ["∂(aᶜ)/∂a = c · aᶜ⁻¹"],
    words: "The power rule; the exponent c is a constant of the op, not an operand.",
  },
  Pow: {
    name: "power", arity: 2,
    forward: (a, b) => pow(a, b),
    backward: (a, b, out, g) => [
      (b === 0 ? 0 : b * pow(a, b - 1)) * g,
      (a === 0 && b >= 0 ? 0 : out * Math.log(a)) * g,
    ],
    local: (a, b, out) => [b === 0 ? 0 : b * pow(a, b - 1), a === 0 && b >= 0 ? 0 : out * Math.log(a)],
    formulas: ["∂(aᵇ)/∂a = b · aᵇ⁻¹", "∂(aᵇ)/∂b = out · ln a (0 where a = 0)"],
    words: "The power rule for the base; for the exponent, the output times ln of the base.",
  },
  Exp: {
    name: "exponential", arity: 1,
    forward: (a) => Math.exp(a),
    backward: (a, b, out, g) => [out * g],
    local: (a, b, out) => [out],
    formulas: ["∂(eᵃ)/∂a = eᵃ = out"],
    words: "The exponential is its own derivative: the gradient times the output.",
  },
  Log: {
    name: "logarithm", arity: 1,
    forward: (a) => Math.log(a),
    backward: (a, b, out, g) => [g / a],
    local: (a) => [1 / a],
    formulas: ["∂(ln a)/∂a = 1/a"],
    words: "The logarithm sends back the gradient divided by its input.",
  },
  Tanh: {
    name: "tanh", arity: 1,
    forward: (a) => Math.tanh(a),
    backward: (a, b, out, g) => [(1 - out * out) * g],
    local: (a, b, out) => [1 - out * out],
    formulas: ["∂(tanh a)/∂a = 1 − out²"],
    words: "tanh's slope is 1 − tanh², read from the output.",
  },
  Relu: {
    name: "ReLU", arity: 1,
    // NaN stays NaN, as in the engine.
    forward: (a) => (a > 0 || Number.isNaN(a) ? a : 0),
    backward: (a, b, out, g) => [out > 0 ? g : 0],
    local: (a, b, out) => [out > 0 ? 1 : 0],
    formulas: ["∂ReLU(a)/∂a = 1 if out > 0, else 0"],
    words: "ReLU lets the gradient through where its output is positive and stops it elsewhere.",
  },
  Sigmoid: {
    name: "sigmoid", arity: 1,
    forward: (a) => 1 / (1 + Math.exp(-a)),
    backward: (a, b, out, g) => [(1 - out) * out * g],
    local: (a, b, out) => [(1 - out) * out],
    formulas: ["∂σ(a)/∂a = (1 − out) · out"],
    words: "The sigmoid's slope is (1 − σ)·σ, read from the output.",
  },
};
