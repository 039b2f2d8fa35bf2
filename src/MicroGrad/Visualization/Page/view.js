// ---- view.js: the SVG picture (micrograd's records and op ellipses at the layout's coordinates) ----
// Built once; a step then touches only the nodes, edges and notes it concerns, so a 500-node graph steps as fast as
// a 5-node one.

const FONT_SIZE = 12, OP_FONT_SIZE = 10, CHAR_WIDTH = 0.6 * FONT_SIZE, CELL_PADDING = 8, MIN_CELL_WIDTH = 16;

/** micrograd's "%.4f", spelling NaN and ±∞ as the engine's pictures do. */
function fixed4(x) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  return x.toFixed(4);
}

function createView(graph, svg) {
  const NS = svg.namespaceURI;
  const values = graph.values;
  const n = values.length;
  const edgesLayer = svg.querySelector("#edges");
  const nodesLayer = svg.querySelector("#nodes");
  const notesLayer = svg.querySelector("#notes");

  function make(tag, attributes, parent) {
    const e = document.createElementNS(NS, tag);
    for (const name in attributes) e.setAttribute(name, attributes[name]);
    if (parent) parent.appendChild(e);
    return e;
  }

  // An unlabelled op result shows its number (#i), small enough for its cell: the panel names it so.
  function labelText(x, y, width, i, label, g) {
    if (label !== "" || values[i].op === "Leaf") return text(x, y, label, "label", 0, g);
    const id = "#" + i;
    return text(x, y, id, "label node-id", Math.min(9, (width - 2) / (0.6 * id.length)), g);
  }

  function text(x, y, content, cls, size, parent) {
    const t = make("text", { x, y: y + 0.35 * (size || FONT_SIZE), class: cls }, parent);
    if (size) t.setAttribute("font-size", size);
    t.textContent = content;
    return t;
  }

  // One <g> per value (data-node, data-node-label, data-data, data-grad), one per op, one polyline per edge.
  const valueEls = new Array(n), dataTexts = new Array(n), gradTexts = new Array(n), opEls = new Array(n), edgeEls = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v.edges) {
      edgeEls[i] = v.edges.map((points) => {
        let p = "";
        for (let k = 0; k + 1 < points.length; k += 2) p += (k ? " " : "") + points[k] + "," + points[k + 1];
        return make("polyline", { points: p, "marker-end": "url(#arrow)" }, edgesLayer);
      });
      const [cx, cy, rx, ry] = v.ellipse;
      const op = make("g", { class: "op", "data-op": i }, nodesLayer);
      make("ellipse", { cx, cy, rx, ry }, op);
      text(cx, cy, v.symbol, "symbol", OP_FONT_SIZE, op);
      opEls[i] = op;
    }
    const g = make("g", { class: "value role-" + v.role.toLowerCase(), "data-node": i }, nodesLayer);
    if (v.label !== null) g.setAttribute("data-node-label", v.label);
    if (i === graph.output) {
      g.setAttribute("data-output", "");
      g.classList.add("output");
    }
    const [x, y, w, h] = v.box;
    make("rect", { class: "box", x, y, width: w, height: h, fill: v.fill }, g);
    const label = v.label ?? "";
    if (graph.direction === "LR") {
      const labelWidth = Math.max(MIN_CELL_WIDTH, label.length * CHAR_WIDTH + 2 * CELL_PADDING);
      const rest = (w - labelWidth) / 2;
      make("line", { x1: x + labelWidth, y1: y, x2: x + labelWidth, y2: y + h }, g);
      make("line", { x1: x + labelWidth + rest, y1: y, x2: x + labelWidth + rest, y2: y + h }, g);
      labelText(x + labelWidth / 2, y + h / 2, labelWidth, i, label, g);
      dataTexts[i] = text(x + labelWidth + rest / 2, y + h / 2, "", "data", 0, g);
      gradTexts[i] = text(x + labelWidth + 1.5 * rest, y + h / 2, "", "grad", 0, g);
    } else {
      const row = h / 3;
      make("line", { x1: x, y1: y + row, x2: x + w, y2: y + row }, g);
      make("line", { x1: x, y1: y + 2 * row, x2: x + w, y2: y + 2 * row }, g);
      labelText(x + w / 2, y + row / 2, w, i, label, g);
      dataTexts[i] = text(x + w / 2, y + 1.5 * row, "", "data", 0, g);
      gradTexts[i] = text(x + w / 2, y + 2.5 * row, "", "grad", 0, g);
    }
    const title = make("title", {}, g);
    title.textContent = label === "" ? (v.op === "Leaf" ? "constant" : "value " + i) : label;
    valueEls[i] = g;
  }

  /** Writes value i's data (empty when not computed yet) and grad into its attributes and record. */
  function setNode(i, engine) {
    const g = valueEls[i];
    if (engine.computed[i]) {
      const d = engine.data[i];
      g.setAttribute("data-data", String(d));
      dataTexts[i].textContent = "data " + fixed4(d);
      g.classList.remove("pending");
    } else {
      g.setAttribute("data-data", "");
      dataTexts[i].textContent = "data";
      g.classList.add("pending");
    }
    const gr = engine.grad[i];
    g.setAttribute("data-grad", String(gr));
    gradTexts[i].textContent = "grad " + fixed4(gr);
  }

  function setAll(engine) {
    for (let i = 0; i < n; i++) setNode(i, engine);
  }

  // ---- highlights and notes of the current step (undone at the next one) ----
  let undo = []; // what clearStep does to take the current step's highlights away
  let notes = [];
  const noteCount = new Map();

  function clearStep() {
    for (const f of undo) f();
    for (const e of notes) e.remove();
    undo = [];
    notes = [];
    noteCount.clear();
  }

  function mark(e, cls) {
    e.classList.add(cls);
    undo.push(() => e.classList.remove(cls));
  }

  /** Highlights value i (active), its op, its operands, and (when backward) its incoming edges. */
  function highlight(i, withEdges) {
    mark(valueEls[i], "active");
    if (opEls[i]) mark(opEls[i], "active");
    for (const k of values[i].operands) mark(valueEls[k], "operand");
    if (withEdges && edgeEls[i]) {
      for (const e of edgeEls[i]) {
        mark(e, "hot");
        e.setAttribute("marker-end", "url(#arrow-hot)");
        undo.push(() => e.setAttribute("marker-end", "url(#arrow)"));
      }
    }
  }

  /** A note above value i's record; a second note on the same value stacks above the first. */
  function noteOnNode(i, content, cls) {
    const [x, y, w] = values[i].box;
    const count = noteCount.get(i) || 0;
    noteCount.set(i, count + 1);
    const t = make("text", { x: x + w / 2, y: y - 5 - 13 * count, class: cls, "text-anchor": "middle", "data-note-node": i }, notesLayer);
    t.textContent = content;
    notes.push(t);
    return t;
  }

  /** A note at the middle of the edge from operand slot k of value i into its op. */
  function noteOnEdge(i, k, content) {
    const [mx, my] = midpoint(values[i].edges[k]);
    const [cx, cy] = values[i].ellipse;
    // On the side of the edge away from the op's other operand (above or below when the graph flows left to right,
    // left or right when it flows down), so two operands' notes never cover each other; a reused operand's second
    // note stacks beyond its first.
    const lr = graph.direction === "LR";
    const before = lr ? my <= cy : mx <= cx;
    const key = "e" + i + (before ? "<" : ">");
    const count = noteCount.get(key) || 0;
    noteCount.set(key, count + 1);
    const step = (before ? -1 : 1) * 13 * count;
    const at = lr
      ? { x: mx, y: before ? my - 8 + step : my + 16 + step, "text-anchor": "middle" }
      : { x: before ? mx - 6 : mx + 6, y: my + 4 + step, "text-anchor": before ? "end" : "start" };
    const t = make("text", { ...at, class: "edge-note", "data-note-edge": i + ":" + k }, notesLayer);
    t.textContent = content;
    notes.push(t);
    return t;
  }

  function midpoint(points) {
    let total = 0;
    for (let k = 2; k < points.length; k += 2) total += Math.hypot(points[k] - points[k - 2], points[k + 1] - points[k - 1]);
    let left = total / 2;
    for (let k = 2; k < points.length; k += 2) {
      const length = Math.hypot(points[k] - points[k - 2], points[k + 1] - points[k - 1]);
      if (length >= left && length > 0) {
        const t = left / length;
        return [points[k - 2] + t * (points[k] - points[k - 2]), points[k - 1] + t * (points[k + 1] - points[k - 1])];
      }
      left -= length;
    }
    return [points[0], points[1]];
  }

  const viewport = createViewport(graph, svg);

  return { setNode, setAll, clearStep, highlight, noteOnNode, noteOnEdge, fit: viewport.fit, zoom: viewport.zoom, follow: viewport.follow, initial: viewport.initial };
}
