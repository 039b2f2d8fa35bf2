// ---- controls.js: the buttons (data-action), keys, leaf edits and the nudge check, wired to engine, view, panel ----

/** A number typed by a learner: decimal or exponent notation, NaN, ±Infinity (a Unicode minus is read as "-"). */
function parseNumber(text) {
  const s = text.trim().replace(/\u2212/g, "-");
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) || /^[+-]?Infinity$/.test(s) || s === "NaN") return Number(s);
  return null;
}

const graph = JSON.parse(document.getElementById("graph-data").textContent);
const engine = createEngine(graph);
const view = createView(graph, document.getElementById("graph"));
const panel = createPanel(graph, engine, document.getElementById("explain"));
const leaves = createLeafTable(graph, engine, document.querySelector("#leaf-table tbody"), panel.name);
const phaseEl = document.getElementById("phase");
const progressEl = document.getElementById("progress");
const followBox = document.getElementById("follow");
const hInput = document.getElementById("h");
const hMessage = document.getElementById("h-message");
const buttons = {};
for (const b of document.querySelectorAll("[data-action]")) buttons[b.getAttribute("data-action")] = b;

/** Shows the phase, the progress and which buttons can act. */
function status() {
  const phase = engine.phase();
  phaseEl.setAttribute("data-phase", phase);
  phaseEl.textContent = phase;
  progressEl.textContent = phase === "forward"
    ? "(" + engine.forwardDone + " of " + engine.steps.length + " computed)"
    : phase === "backward" ? "(" + (engine.seeded ? engine.backwardDone + 1 : 0) + " of " + (engine.steps.length + 1) + " steps)" : "";
  buttons.forward.disabled = phase !== "forward";
  buttons.backward.disabled = phase === "done";
  buttons.run.disabled = phase === "done";
}

const name = (i) => panel.name(i);

function touch(i) {
  view.setNode(i, engine);
  leaves.setGrad(i);
}

function redrawAll() {
  view.clearStep();
  view.setAll(engine);
  leaves.setAll();
}

function follow(i) {
  if (followBox.checked) view.follow(i);
}

/** Computes the remaining forward steps (drawing only the nodes they compute); returns how many. */
function finishForward() {
  let count = 0;
  for (let i; (i = engine.forwardStep()) >= 0; count++) view.setNode(i, engine);
  return count;
}

const actions = {
  forward() {
    if (engine.phase() !== "forward") return;
    const i = engine.forwardStep();
    view.clearStep();
    view.setNode(i, engine);
    view.highlight(i, false);
    view.noteOnNode(i, name(i) + " = " + short(engine.data[i]), "data-note");
    panel.forward(i);
    follow(i);
  },
  backward() {
    if (engine.phase() === "done") return;
    const finished = engine.phase() === "forward" ? finishForward() : 0;
    const step = engine.backwardStep();
    view.clearStep();
    if (step.seed !== undefined) {
      touch(step.seed);
      view.highlight(step.seed, false);
      view.noteOnNode(step.seed, "d out / d out = 1", "grad-note");
      panel.seed(finished);
      follow(step.seed);
      return;
    }
    view.highlight(step.node, true);
    for (const e of step.edges) {
      touch(e.operand);
      view.noteOnEdge(step.node, e.slot, short(e.upstream) + " × " + short(e.local) + " = " + short(e.contribution));
      view.noteOnNode(e.operand, "grad += " + short(e.contribution) + ": " + short(e.before) + " + " + short(e.contribution) + " = " + short(e.after), "grad-note");
    }
    panel.backward(step);
    follow(step.node);
  },
  run() {
    finishForward();
    while (engine.backwardStep() !== null);
    redrawAll();
    panel.run();
  },
  reset() {
    engine.reset();
    redrawAll();
    leaves.clearSlopes();
    panel.start();
  },
  "zero-grad"() {
    engine.zeroGrad();
    redrawAll();
    panel.zeroGrad();
  },
  fit: () => view.fit(),
  "zoom-in": () => view.zoom(1.25),
  "zoom-out": () => view.zoom(0.8),
};

function act(action) {
  actions[action]();
  status();
}

for (const action in buttons) buttons[action].addEventListener("click", () => act(action));

const keys = { f: "forward", ArrowRight: "forward", b: "backward", ArrowLeft: "backward", e: "run", r: "reset", z: "zero-grad", 0: "fit", "+": "zoom-in", "=": "zoom-in", "-": "zoom-out" };
document.addEventListener("keydown", (e) => {
  const t = e.target;
  // Keys belong to a box being typed in (a checkbox or a button keeps them for the page).
  const typing = t && (t.isContentEditable || /^(TEXTAREA|SELECT)$/.test(t.tagName) || (t.tagName === "INPUT" && t.type !== "checkbox"));
  if (e.ctrlKey || e.metaKey || e.altKey || typing) return;
  const action = keys[e.key];
  if (!action) return;
  e.preventDefault();
  // ← steps back along the backward pass only; in the forward phase it would skip the rest of the forward pass (b
  // and the button do that on purpose, and say so).
  if (e.key === "ArrowLeft" && engine.phase() !== "backward") return;
  act(action);
});

// ---- leaves: a new value resets the page and says what the output becomes ----
function outputWith(leafValues) {
  return engine.silentRun(leafValues, false).data[graph.output];
}

function setLeaf(i, row) {
  const x = parseNumber(row.input.value);
  if (x === null) {
    row.message.textContent = "“" + row.input.value + "” is not a number (e.g. 2, -0.5, 1e-3); " + name(i) + " stays " + String(engine.leafValue(i)) + ".";
    row.input.classList.add("invalid");
    return;
  }
  row.message.textContent = "";
  row.input.classList.remove("invalid");
  const before = engine.leafValue(i);
  // Enter, then leaving the box, fires both events for one edit: the second changes nothing.
  if (Object.is(x, before)) return;
  const outBefore = outputWith(engine.leafData());
  engine.setLeaf(i, x);
  engine.reset();
  redrawAll();
  leaves.clearSlopes();
  panel.leafChanged(i, before, x, outBefore, outputWith(engine.leafData()));
  status();
}

for (const [i, row] of leaves.rows) {
  row.input.addEventListener("change", () => setLeaf(i, row));
  row.input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      setLeaf(i, row);
    }
  });
}

// ---- the nudge check: (f(x + h) − f(x)) / h beside the gradient, both computed silently ----
function nudge(i, row) {
  const h = parseNumber(hInput.value);
  if (h === null || h === 0 || !Number.isFinite(h)) {
    hMessage.textContent = "h must be a finite non-zero number, e.g. 0.0001.";
    hInput.classList.add("invalid");
    return;
  }
  hMessage.textContent = "";
  hInput.classList.remove("invalid");
  const base = engine.leafData();
  const plain = engine.silentRun(base, true);
  const nudged = Float64Array.from(base);
  nudged[i] += h;
  const slope = (outputWith(nudged) - plain.data[graph.output]) / h;
  const grad = engine.phase() === "done" ? engine.grad[i] : plain.grad[i];
  row.slope.setAttribute("data-value", String(slope));
  row.slope.setAttribute("data-grad", String(grad));
  row.slope.textContent = name(i) + ": (f(x+h) − f(x))/h = " + short(slope) + " with h = " + String(h) + "; grad = " + short(grad) +
    (engine.phase() === "done" ? "" : " (back-propagated silently)");
}

for (const [i, row] of leaves.rows) row.button.addEventListener("click", () => nudge(i, row));

// ---- legend, first view ----
const legend = document.getElementById("legend");
const seen = new Set();
for (const v of graph.values) {
  if (seen.has(v.role)) continue;
  seen.add(v.role);
  const span = document.createElement("span");
  const swatch = document.createElement("i");
  swatch.style.background = v.fill;
  span.append(swatch, v.role.toLowerCase());
  legend.appendChild(span);
}
view.setAll(engine);
leaves.setAll();
panel.start();
status();
view.initial(engine.steps.length > 0 ? engine.steps[0] : graph.output);

// A read-only hook for tests (not part of the DOM contract; the page never reads it back): the op table, the engine
// and the record's number format, so tests can run every op of ops.js against the C# engine.
window.micrograd = Object.freeze({ ops: OPS, engine, fixed4 });
