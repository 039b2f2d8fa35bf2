// ---- engine.js: the two passes, one step at a time, in the order of Value.Backward ----
// Values are numbered in topological order (operands first, the output last). Forward computes the non-leaf values
// in that order; backward seeds the output's grad with 1, then walks the non-leaf values in reverse, adding each op's
// contributions to its operands' grads in operand order (a reused operand, as in a + a, receives two).

/** A JSON number, or "NaN"/"Infinity"/"-Infinity" (JSON has no such numbers). */
function jsonNumber(x) {
  return typeof x === "string" ? Number(x) : x;
}

function createEngine(graph) {
  const values = graph.values;
  const n = values.length;
  const output = graph.output;
  const steps = []; // the non-leaf values, in topological order
  for (let i = 0; i < n; i++) {
    const op = values[i].op;
    if (op === "Leaf") continue;
    if (!(op in OPS)) throw new Error("the page has no formulas for op " + op + " (value " + i + ")");
    steps.push(i);
  }
  const leafData = new Float64Array(n);
  for (let i = 0; i < n; i++) if (values[i].op === "Leaf") leafData[i] = jsonNumber(values[i].data);
  // An op's constant (the exponent of **c), which it reads in place of a second operand.
  const constant = values.map((v) => (v.op !== "Leaf" && OPS[v.op].constant ? jsonNumber(v[OPS[v.op].constant]) : 0));

  const data = new Float64Array(n);
  const computed = new Uint8Array(n);
  const grad = new Float64Array(n);
  let forwardDone = 0; // how many of steps are computed
  let seeded = false;
  let backwardDone = 0; // how many of steps (from the end) are back-propagated

  /** The numbers the op reads: (a, b), b being the second operand's data or the op's constant. */
  function inputs(i, dataOf) {
    const v = values[i];
    const a = dataOf[v.operands[0]];
    const b = v.operands.length > 1 ? dataOf[v.operands[1]] : constant[i];
    return [a, b];
  }

  function computeInto(dataOf, i) {
    const [a, b] = inputs(i, dataOf);
    dataOf[i] = OPS[values[i].op].forward(a, b);
  }

  function phase() {
    if (forwardDone < steps.length) return "forward";
    return seeded && backwardDone === steps.length ? "done" : "backward";
  }

  function reset() {
    for (let i = 0; i < n; i++) {
      const leaf = values[i].op === "Leaf";
      data[i] = leaf ? leafData[i] : 0;
      computed[i] = leaf ? 1 : 0;
      grad[i] = 0;
    }
    forwardDone = 0;
    seeded = false;
    backwardDone = 0;
  }

  /** Computes the next value; returns its index, or -1 when the forward pass is over. */
  function forwardStep() {
    if (forwardDone >= steps.length) return -1;
    const i = steps[forwardDone++];
    computeInto(data, i);
    computed[i] = 1;
    return i;
  }

  /**
   * Back-propagates through value i: adds its op's contribution to each operand's grad in gradOf, in operand order
   * (the data read from dataOf), telling onEdge (when given) each one as (slot, operand, grad before, contribution).
   */
  function propagate(i, dataOf, gradOf, onEdge) {
    const v = values[i];
    const op = OPS[v.op];
    const [a, b] = inputs(i, dataOf);
    const contributions = op.backward(a, b, dataOf[i], gradOf[i]);
    for (let k = 0; k < op.arity; k++) {
      const operand = v.operands[k];
      const before = gradOf[operand];
      gradOf[operand] = before + contributions[k];
      if (onEdge) onEdge(k, operand, before, contributions[k]);
    }
  }

  /**
   * The next backward step: first the seed ({ seed: output }), then one value per step:
   * { node, edges: [{ operand, slot, upstream, local, contribution, before, after }] }; null when done.
   */
  function backwardStep() {
    if (forwardDone < steps.length) return null;
    if (!seeded) {
      seeded = true;
      grad[output] = 1;
      return { seed: output };
    }
    if (backwardDone >= steps.length) return null;
    const i = steps[steps.length - 1 - backwardDone++];
    const [a, b] = inputs(i, data);
    const locals = OPS[values[i].op].local(a, b, data[i]);
    const upstream = grad[i];
    const edges = [];
    propagate(i, data, grad, (slot, operand, before, contribution) =>
      edges.push({ operand, slot, upstream, local: locals[slot], contribution, before, after: grad[operand] }));
    return { node: i, edges };
  }

  function zeroGrad() {
    grad.fill(0);
    seeded = false;
    backwardDone = 0;
  }

  /** Both passes silently from the given leaf data (a copy; the page's state is untouched). */
  function silentRun(leafValues, withGrad) {
    const d = Float64Array.from(leafValues);
    for (const i of steps) computeInto(d, i);
    const gr = new Float64Array(n);
    if (withGrad) {
      gr[output] = 1;
      for (let s = steps.length - 1; s >= 0; s--) propagate(steps[s], d, gr);
    }
    return { data: d, grad: gr };
  }

  reset();
  return {
    steps, data, computed, grad,
    phase, reset, forwardStep, backwardStep, zeroGrad, silentRun,
    get forwardDone() { return forwardDone; },
    get backwardDone() { return backwardDone; },
    get seeded() { return seeded; },
    leafValue: (i) => leafData[i],
    setLeaf(i, x) { leafData[i] = x; },
    leafData: () => Float64Array.from(leafData),
  };
}
