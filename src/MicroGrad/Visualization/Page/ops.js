// ---- ops.js: every op, mirroring src/MicroGrad/Value.Ops*.cs op by op (the one place the page knows an op) ----
// Numbers: a and b are the operands' data (b is unused by a unary op), or for an op with a `constant` (**c), b is that
// constant, read from the value's JSON field of that name.
// forward(a, b): the op's data.
// local(a, b, out): the local derivative d out / d operand, one per operand.
// backward(a, b, out, g): what the op adds to each operand's grad, given its output `out` and grad g, with the same
//   arithmetic in the same order as the C# Propagate (so the numbers equal the engine's to the bit, but for
//   Math.exp/log/tanh/pow/sin/cos, whose last bit may differ between V8 and .NET). It is local × g (see the end of
//   the table) unless an op writes its own because C# computes it otherwise.
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

/**
 * ln(1 + a) by Goldberg's formula, as the engine's Log1pForward (Value.Ops.Functions.cs): with u = 1 + a rounded,
 * ln(u)·a/(u − 1) keeps the digits of a tiny a that 1 + a rounds away. Not Math.log1p, so that the page computes
 * what .NET computes (the same operations on the same numbers; only Math.log's last bit may differ).
 */
function log1p(a) {
  const u = 1 + a;
  return u === 1 ? a : u === Infinity ? u : Math.log(u) * (a / (u - 1));
}

/** The engine's SignForward: 1 above 0, −1 below, a itself at ±0 and for NaN (torch.sign). */
function sign(a) {
  return a > 0 ? 1 : a < 0 ? -1 : a;
}

/** The engine's SigmoidForward. */
function sigmoid(a) {
  return 1 / (1 + Math.exp(-a));
}

/** The engine's SoftplusForward: max(a, 0) + ln(1 + e^−|a|), no overflow for a large a, full precision for a very
 * negative one. */
function softplus(a) {
  return Math.max(a, 0) + log1p(Math.exp(-Math.abs(a)));
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
    forward: (a) => sigmoid(a),
    local: (a, b, out) => [(1 - out) * out],
    text: (a) => "sigmoid(" + a + ")",
    formulas: (out, a) => ["∂" + out + "/∂" + a + " = (1 − " + out + ") · " + out],
    words: "The sigmoid's slope is (1 − σ)·σ, read from the output.",
  },
  Abs: {
    name: "absolute value", arity: 1,
    forward: (a) => Math.abs(a),
    // C#: ga += g * sign(a), so 0 at a = 0 (as PyTorch).
    local: (a) => [sign(a)],
    text: (a) => "abs(" + a + ")",
    formulas: (out, a) => ["∂" + out + "/∂" + a + " = sign(" + a + ") (1 above 0, −1 below, 0 at 0)"],
    words: "abs passes the gradient on where its input is positive, its negative where the input is negative, and nothing at 0.",
  },
  Sqrt: {
    name: "square root", arity: 1,
    forward: (a) => Math.sqrt(a),
    // C#: ga += g / (2 * result), not g × (1/(2·result)).
    backward: (a, b, out, g) => [g / (2 * out)],
    local: (a, b, out) => [1 / (2 * out)],
    text: (a) => "sqrt(" + a + ")",
    formulas: (out, a) => ["∂" + out + "/∂" + a + " = 1/(2√" + a + ") = 1/(2·" + out + ")"],
    words: "The square root's slope is 1/(2√x), read from the output: it sends back the gradient divided by twice the output.",
  },
  Sin: {
    name: "sine", arity: 1,
    forward: (a) => Math.sin(a),
    local: (a) => [Math.cos(a)],
    text: (a) => "sin(" + a + ")",
    formulas: (out, a) => ["∂" + out + "/∂" + a + " = cos(" + a + ")"],
    words: "The sine's slope is the cosine of its input: it sends back the gradient times cos.",
  },
  Cos: {
    name: "cosine", arity: 1,
    forward: (a) => Math.cos(a),
    // C#: ga += g * -sin(a).
    local: (a) => [-Math.sin(a)],
    text: (a) => "cos(" + a + ")",
    formulas: (out, a) => ["∂" + out + "/∂" + a + " = −sin(" + a + ")"],
    words: "The cosine's slope is minus the sine of its input: it sends back the gradient times −sin.",
  },
  Log1p: {
    name: "log1p", arity: 1,
    forward: (a) => log1p(a),
    // C#: ga += g / (a + 1), not g × (1/(a + 1)).
    backward: (a, b, out, g) => [g / (a + 1)],
    local: (a) => [1 / (a + 1)],
    text: (a) => "log1p(" + a + ")",
    formulas: (out, a) => ["∂" + out + "/∂" + a + " = 1/(1 + " + a + ")"],
    words: "log1p(x) is ln(1 + x), computed without losing the digits of a tiny x; it sends back the gradient divided by 1 + x.",
  },
  Softplus: {
    name: "softplus", arity: 1,
    forward: (a) => softplus(a),
    // C#: ga += g * e^−softplus(−a) (the sigmoid, written so that its own derivatives keep their digits).
    local: (a) => [Math.exp(-softplus(-a))],
    text: (a) => "softplus(" + a + ")",
    formulas: (out, a) => ["∂" + out + "/∂" + a + " = sigmoid(" + a + ")"],
    words: "softplus is a smooth ReLU; its slope is the sigmoid of its input, so it sends back the gradient times sigmoid.",
  },
  Sign: {
    name: "sign", arity: 1,
    forward: (a) => sign(a),
    // C# adds nothing. −0 is the identity of IEEE 754 addition (x + (−0) is x for every x, −0 and NaN included), so
    // adding it leaves the operand's grad as the engine leaves it, bit for bit.
    backward: () => [-0],
    local: () => [0],
    text: (a) => "sign(" + a + ")",
    formulas: (out, a) => ["∂" + out + "/∂" + a + " = 0"],
    words: "sign is flat on each side of 0 (and its step at 0 is taken as slope 0 too): its derivative is 0, so it sends nothing back.",
  },
  Max: {
    name: "maximum", arity: 2,
    // Math.max, like .NET's Math.Max: NaN if either is NaN, and +0 above −0.
    forward: (a, b) => Math.max(a, b),
    // C#: s = sign(a − b); ga += g * ((1 + s) * 0.5), gb += g * ((1 − s) * 0.5): 1 and 0, or ½ each at a tie.
    local: (a, b) => {
      const s = sign(a - b);
      return [(1 + s) * 0.5, (1 - s) * 0.5];
    },
    text: (a, b) => "max(" + a + ", " + b + ")",
    formulas: (out, a, b) => [
      "∂" + out + "/∂" + a + " = (1 + sign(" + a + " − " + b + "))/2 (1 if " + a + " > " + b + ", 0 if " + a + " < " + b + ", ½ at a tie)",
      "∂" + out + "/∂" + b + " = (1 − sign(" + a + " − " + b + "))/2 (1 if " + b + " > " + a + ", 0 if " + b + " < " + a + ", ½ at a tie)"],
    words: "max sends the whole gradient to the larger operand and nothing to the other; at a tie each gets half.",
  },
  Min: {
    name: "minimum", arity: 2,
    forward: (a, b) => Math.min(a, b),
    // C#: s = sign(a − b); ga += g * ((1 − s) * 0.5), gb += g * ((1 + s) * 0.5).
    local: (a, b) => {
      const s = sign(a - b);
      return [(1 - s) * 0.5, (1 + s) * 0.5];
    },
    text: (a, b) => "min(" + a + ", " + b + ")",
    formulas: (out, a, b) => [
      "∂" + out + "/∂" + a + " = (1 − sign(" + a + " − " + b + "))/2 (1 if " + a + " < " + b + ", 0 if " + a + " > " + b + ", ½ at a tie)",
      "∂" + out + "/∂" + b + " = (1 + sign(" + a + " − " + b + "))/2 (1 if " + b + " < " + a + ", 0 if " + b + " > " + a + ", ½ at a tie)"],
    words: "min sends the whole gradient to the smaller operand and nothing to the other; at a tie each gets half.",
  },
};

// Every other op sends each operand upstream grad × local derivative, the C# Propagate's arithmetic for it (g × l and
// l × g are the same double: IEEE 754 multiplication is commutative).
for (const op of Object.values(OPS)) op.backward ??= (a, b, out, g) => op.local(a, b, out).map((l) => l * g);
