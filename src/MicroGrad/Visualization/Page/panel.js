// ---- panel.js: the current step in words, and the table of leaves (value, grad, nudge check) ----
// Every label is user text: it only ever goes into textContent, never into markup.

/** A number for reading: six significant digits at most (the attributes keep the full number). */
function short(x) {
  if (!Number.isFinite(x)) return String(x);
  return String(parseFloat(x.toPrecision(6)));
}

function createPanel(graph, engine, root) {
  const values = graph.values;
  const uses = new Map(); // label -> how many values carry it
  for (const v of values) if (v.label !== null) uses.set(v.label, (uses.get(v.label) || 0) + 1);

  /** How the page calls value i: its label ("x (#3)" when another value has that label too), its number (#i) when it
   * is an unlabelled result, its value when it is a constant. */
  function name(i) {
    const v = values[i];
    if (v.label !== null) return uses.get(v.label) > 1 ? v.label + " (#" + i + ")" : v.label;
    return v.op === "Leaf" ? short(engine.data[i]) : "#" + i;
  }

  /** A name as a term of a formula: in parentheses unless it is one word or number ("x1", "#4", "2", "x (#3)"). */
  function term(i) {
    const text = name(i);
    return /^[\p{L}\p{N}_#.']+( \(#\d+\))?$/u.test(text) ? text : "(" + text + ")";
  }

  /** What value i's op reads, for its text and formulas: its operands' terms, or the op's constant (**c). */
  function operandTerms(i) {
    const v = values[i];
    const op = OPS[v.op];
    const terms = v.operands.map(term);
    if (op.constant) terms.push(jsonNumber(v[op.constant]));
    return terms;
  }

  /** How value i is made from its operands, e.g. "x1*w1 + b" or "tanh(n)". */
  function expression(i) {
    return OPS[values[i].op].text(...operandTerms(i));
  }

  /** A paragraph of strings and { code } / { formula } parts. */
  function para(...parts) {
    const p = document.createElement("p");
    for (const part of parts) {
      if (typeof part === "string") p.appendChild(document.createTextNode(part));
      else {
        const c = document.createElement("code");
        if (part.formula) {
          c.className = "formula";
          c.setAttribute("data-formula", "");
        }
        c.textContent = part.code ?? part.formula;
        p.appendChild(c);
      }
    }
    return p;
  }

  function show(...paragraphs) {
    root.replaceChildren(...paragraphs);
  }

  const outputName = () => name(graph.output);

  function start() {
    if (engine.phase() === "forward") {
      show(para("Only the leaves hold values; every grad is 0. Press forward (f) to compute the first of " +
        engine.steps.length + " nodes in topological order, operands before the node that uses them."));
    } else {
      show(para("The output is a leaf: there is nothing to compute. Press backward (b) to seed its grad."));
    }
  }

  function forward(i) {
    const v = values[i];
    const op = OPS[v.op];
    // A constant is named by its value already.
    const named = [...new Set(v.operands)].filter((k) => values[k].label !== null || values[k].op !== "Leaf");
    const operandValues = named.map((k) => name(k) + " = " + short(engine.data[k]));
    const parts = [para("Forward step " + engine.forwardDone + " of " + engine.steps.length + ": ",
      { code: name(i) + " = " + expression(i) }, " (" + (/^[aeiou]/i.test(op.name) ? "an " : "a ") + op.name + ")" + (named.length ? " with " + operandValues.join(", ") : "") +
      (op.constant ? " and the constant " + op.constant + " " + short(jsonNumber(v[op.constant])) : "") +
      " gives " + short(engine.data[i]) + ".")];
    if (engine.phase() !== "forward")
      parts.push(para("The forward pass is complete: the output " + outputName() + " = " + short(engine.data[graph.output]) +
        ". Press backward (b) to start the backward pass."));
    show(...parts);
  }

  function seed(finishedForward) {
    const parts = [];
    if (finishedForward > 0)
      parts.push(para("The forward pass was not finished, so the page first computed the remaining " + finishedForward +
        " node" + (finishedForward === 1 ? "" : "s") + " (a gradient needs every value)."));
    parts.push(para("Backward pass, step 1: the output's gradient with respect to itself is ", { formula: "d out / d out = 1" },
      ", so " + outputName() + ".grad = 1. From here each step applies the chain rule at one node, from the output back to the leaves."));
    if (engine.phase() === "done") parts.push(para("The output is a leaf, so the backward pass is already complete."));
    show(...parts);
  }

  function backward(step) {
    const i = step.node;
    const v = values[i];
    const op = OPS[v.op];
    const parts = [para("Backward step " + (engine.backwardDone + 1) + " of " + (engine.steps.length + 1) + " at ",
      { code: name(i) + " = " + expression(i) }, ", whose grad is " + short(engine.grad[i]) + ". " + op.words)];
    const formulas = op.formulas(term(i), ...operandTerms(i));
    for (const e of step.edges) {
      // The formula, then its value unless the formula is that number already ("∂L/∂d = f = -2", "∂n/∂b = 1").
      const value = " = " + short(e.local);
      const f = formulas[e.slot];
      parts.push(para("Local derivative: ", { formula: f.replace(/−/g, "-").endsWith(value) ? f : f + value }));
    }
    for (const e of step.edges) {
      parts.push(para("Chain rule into " + name(e.operand) + ": upstream grad × local derivative = ",
        { code: short(e.upstream) + " × " + short(e.local) + " = " + short(e.contribution) },
        "; " + name(e.operand) + ".grad += " + short(e.contribution) + " (" + short(e.before) + " + " + short(e.contribution) +
        " = " + short(e.after) + ")."));
    }
    if (step.edges.length === 2 && step.edges[0].operand === step.edges[1].operand)
      parts.push(para(name(step.edges[0].operand) + " is used twice here, so its grad accumulates both contributions (+=, never =)."));
    if (engine.phase() === "done") parts.push(done());
    show(...parts);
  }

  function done() {
    return para("The backward pass is complete: each grad is d " + outputName() +
      " / d node, how much the output moves per unit nudge of that node.");
  }

  function run() {
    show(para("Ran both passes to the end: " + outputName() + " = " + short(engine.data[graph.output]) + "."), done());
  }

  function zeroGrad() {
    show(para("Every grad is 0 again and the data is kept: press backward (b) to back-propagate again." +
      " (Without zeroing, gradients would add up across passes, as they do in micrograd and PyTorch.)"));
  }

  function leafChanged(i, before, after, outBefore, outAfter) {
    show(para(name(i) + " is now " + String(after) + " (was " + String(before) + "); the page reset to the leaves."),
      para("With the new value the output " + outputName() + " becomes ", { code: String(outAfter) },
        " (was " + String(outBefore) + ", a change of " + short(outAfter - outBefore) + ")." +
        (engine.phase() === "forward" ? " Step forward to see how." : " The output is this leaf: press backward (b) to seed its grad.")));
  }

  return { start, forward, seed, backward, run, zeroGrad, leafChanged, name };
}

/** The rows of the leaves table: one per labelled leaf, with its input (data-leaf), grad and nudge check; each leaf is
 * called by `name` (the panel's). */
function createLeafTable(graph, engine, tbody, name) {
  const rows = new Map(); // value index -> { input, message, grad, button, slope }
  graph.values.forEach((v, i) => {
    if (v.op !== "Leaf" || v.label === null) return;
    const tr = document.createElement("tr");
    const cell = (parent, cls) => {
      const td = document.createElement("td");
      if (cls) td.className = cls;
      parent.appendChild(td);
      return td;
    };
    const labelCell = cell(tr, "label");
    labelCell.textContent = name(i);
    labelCell.title = name(i);
    const input = document.createElement("input");
    input.type = "text";
    input.spellcheck = false;
    input.setAttribute("data-leaf", v.label);
    input.setAttribute("data-leaf-node", i);
    input.value = String(engine.leafValue(i));
    const message = document.createElement("div");
    message.className = "message";
    message.setAttribute("role", "alert");
    message.setAttribute("data-leaf-message", v.label);
    cell(tr).append(input, message);
    const grad = cell(tr, "grad");
    grad.setAttribute("data-leaf-grad", v.label);
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "nudge";
    button.title = "(f(x + h) − f(x)) / h beside the gradient";
    button.setAttribute("data-nudge", v.label);
    button.setAttribute("data-leaf-node", i);
    cell(tr).append(button);
    // The nudge check's result, on a line of its own under the leaf (hidden while empty).
    const slopeRow = document.createElement("tr");
    slopeRow.className = "slope-row";
    const slope = cell(slopeRow, "slope");
    slope.colSpan = 4;
    slope.setAttribute("data-slope", v.label);
    tbody.append(tr, slopeRow);
    rows.set(i, { input, message, grad, button, slope });
  });

  function setGrad(i) {
    const row = rows.get(i);
    if (!row) return;
    row.grad.textContent = short(engine.grad[i]);
    row.grad.title = String(engine.grad[i]);
  }

  /** Shows every leaf's value (dropping any text refused, with its message) and grad. */
  function setAll() {
    for (const [i, row] of rows) {
      row.input.value = String(engine.leafValue(i));
      row.input.classList.remove("invalid");
      row.message.textContent = "";
      setGrad(i);
    }
  }

  /** Forgets the nudge checks' results: they were for the leaf values before an edit or a reset. */
  function clearSlopes() {
    for (const row of rows.values()) {
      row.slope.textContent = "";
      row.slope.removeAttribute("data-value");
      row.slope.removeAttribute("data-grad");
    }
  }

  return { rows, setGrad, setAll, clearSlopes };
}
