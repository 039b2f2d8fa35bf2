// ---- view.js: the SVG picture (micrograd's records and op ellipses at the layout's coordinates) ----
// Built once; a step then touches only the nodes, edges and notes it concerns, so a 500-node graph steps as fast as
// a 5-node one.

/**
 * micrograd's "%.4f" as C# and Python print it: the exact binary value rounded half to even, "-0.0000" for −0 and
 * for a negative number that rounds to 0, every digit of a large number; NaN and ±∞ as the engine's pictures spell them.
 */
function fixed4(x) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  const a = Math.abs(x);
  // toFixed switches to exponent notation from 1e21; such a double is an integer, which BigInt spells out.
  if (a >= 1e21) return sign + BigInt(a).toString() + ".0000";
  let s = a.toFixed(4);
  // toFixed breaks an exact tie upwards. A double lies halfway between two 4-decimal numbers exactly when it is an odd
  // multiple of 1/32 (k/32 · 10⁴ = k · 312.5); then the even neighbour is the one below when the last digit is odd.
  if (Number.isInteger(a * 32) && (a * 32) % 2 === 1) {
    const last = s.charCodeAt(s.length - 1) - 48;
    if (last % 2 === 1) s = s.slice(0, -1) + (last - 1);
  }
  return sign + s;
}

function createView(graph, svg) {
  const NS = svg.namespaceURI;
  const values = graph.values;
  const n = values.length;
  const edgesLayer = svg.querySelector("#edges");
  const nodesLayer = svg.querySelector("#nodes");
  const notesLayer = svg.querySelector("#notes");
  // The font sizes and the monospace character width the C# layout sized the records with.
  const { fontSize, opFontSize, charWidth } = graph.metrics;

  function make(tag, attributes, parent) {
    const e = document.createElementNS(NS, tag);
    for (const name in attributes) e.setAttribute(name, attributes[name]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function text(x, y, content, cls, size, parent) {
    const t = make("text", { x, y: y + 0.35 * (size || fontSize), class: cls }, parent);
    if (size) t.setAttribute("font-size", size);
    t.textContent = content;
    return t;
  }

  /** Sets a record's text, squeezed into its cell (of the given width) when it is too long to fit. */
  function fit(t, content, width) {
    t.textContent = content;
    const room = width - 4;
    if (content.length * charWidth > room) {
      t.setAttribute("textLength", room);
      t.setAttribute("lengthAdjust", "spacingAndGlyphs");
    } else if (t.hasAttribute("textLength")) {
      t.removeAttribute("textLength");
      t.removeAttribute("lengthAdjust");
    }
  }

  // One <g> per value (data-node, data-node-label, data-data, data-grad), one per op, one polyline per edge.
  const valueEls = new Array(n), dataTexts = new Array(n), gradTexts = new Array(n), opEls = new Array(n), edgeEls = new Array(n);
  const cellWidths = new Array(n); // of the data and grad cells
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
      text(cx, cy, v.symbol, "symbol", opFontSize, op);
      opEls[i] = op;
    }
    const g = make("g", { class: "value role-" + v.role.toLowerCase(), "data-node": i }, nodesLayer);
    if (v.label !== null) g.setAttribute("data-node-label", v.label);
    if (i === graph.output) {
      g.setAttribute("data-output", "");
      g.classList.add("output");
    }
    const [x, y, w, h] = v.box;
    const [c1, c2] = v.cells;
    make("rect", { class: "box", x, y, width: w, height: h, fill: v.fill }, g);
    const label = v.label ?? "";
    // An unlabelled result is named by its number (#i), as the panel names it.
    const shown = label === "" && v.op !== "Leaf" ? "#" + i : label;
    // Each cell's centre and width: side by side (dividers at x = c1, c2) or stacked (at y = c1, c2).
    const cells = graph.direction === "LR"
      ? [[(x + c1) / 2, y + h / 2, c1 - x], [(c1 + c2) / 2, y + h / 2, c2 - c1], [(c2 + x + w) / 2, y + h / 2, x + w - c2]]
      : [[x + w / 2, (y + c1) / 2, w], [x + w / 2, (c1 + c2) / 2, w], [x + w / 2, (c2 + y + h) / 2, w]];
    for (const c of [c1, c2]) {
      if (graph.direction === "LR") make("line", { x1: c, y1: y, x2: c, y2: y + h }, g);
      else make("line", { x1: x, y1: c, x2: x + w, y2: c }, g);
    }
    fit(text(cells[0][0], cells[0][1], "", shown === label ? "label" : "label node-id", 0, g), shown, cells[0][2]);
    dataTexts[i] = text(cells[1][0], cells[1][1], "", "data", 0, g);
    gradTexts[i] = text(cells[2][0], cells[2][1], "", "grad", 0, g);
    cellWidths[i] = [cells[1][2], cells[2][2]];
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
      fit(dataTexts[i], "data " + fixed4(d), cellWidths[i][0]);
      g.classList.remove("pending");
    } else {
      g.setAttribute("data-data", "");
      fit(dataTexts[i], "data", cellWidths[i][0]);
      g.classList.add("pending");
    }
    const gr = engine.grad[i];
    g.setAttribute("data-grad", String(gr));
    fit(gradTexts[i], "grad " + fixed4(gr), cellWidths[i][1]);
  }

  function setAll(engine) {
    for (let i = 0; i < n; i++) setNode(i, engine);
  }

  // ---- highlights and notes of the current step (undone at the next one) ----
  const NOTE_FONT_SIZE = 11;
  let undo = []; // what clearStep does to take the current step's highlights away
  let notes = [];
  let noteBoxes = []; // [left, top, right, bottom] of each note of this step

  // What a note must not cover: every record and op ellipse, as [left, top, right, bottom].
  const obstacles = [];
  for (const v of values) {
    const [x, y, w, h] = v.box;
    obstacles.push([x, y, x + w, y + h]);
    if (v.ellipse) {
      const [cx, cy, rx, ry] = v.ellipse;
      obstacles.push([cx - rx, cy - ry, cx + rx, cy + ry]);
    }
  }

  function clearStep() {
    for (const f of undo) f();
    for (const e of notes) e.remove();
    undo = [];
    notes = [];
    noteBoxes = [];
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

  const overlaps = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

  /**
   * Adds a note at its wished place, or, when it would cover a record, an op or another note of this step, at the
   * nearest free place found by sliding it away from the wish: across the flow first (to the `side` given, −1 or 1,
   * then the other), then along it; where nothing is free nearby, at its wish.
   */
  function addNote(attributes, content, side) {
    const t = make("text", { ...attributes, "font-size": NOTE_FONT_SIZE }, notesLayer);
    t.textContent = content;
    notes.push(t);
    // The note's box from its length in the monospace font (getBBox would make the browser lay the page out anew
    // at every step), with a pixel to spare around it.
    const w = content.length * 0.6 * NOTE_FONT_SIZE;
    const left = attributes.x - (attributes["text-anchor"] === "middle" ? w / 2 : attributes["text-anchor"] === "end" ? w : 0);
    const at = [left - 1, attributes.y - 0.8 * NOTE_FONT_SIZE - 1, left + w + 1, attributes.y + 0.25 * NOTE_FONT_SIZE + 1];
    const free = (dx, dy) => {
      const box = [at[0] + dx, at[1] + dy, at[2] + dx, at[3] + dy];
      return obstacles.every((o) => !overlaps(box, o)) && noteBoxes.every((o) => !overlaps(box, o)) ? box : null;
    };
    const lr = graph.direction === "LR";
    let shift = [0, 0];
    let box = free(0, 0);
    for (let k = 1; !box && k <= 30; k++) {
      for (const [across, along] of [[side, 0], [-side, 0], [0, 1], [0, -1]]) {
        const d = 7 * k;
        shift = lr ? [along * d, across * d] : [across * d, along * d];
        if ((box = free(...shift))) break;
      }
    }
    if (box) {
      t.setAttribute("x", attributes.x + shift[0]);
      t.setAttribute("y", attributes.y + shift[1]);
    }
    noteBoxes.push(box ?? at);
    return t;
  }

  /** A note above value i's record. */
  function noteOnNode(i, content, cls) {
    const [x, y, w] = values[i].box;
    return addNote({ x: x + w / 2, y: y - 5, class: cls, "text-anchor": "middle", "data-note-node": i }, content, -1);
  }

  /** A note at the middle of the edge from operand slot k of value i into its op. */
  function noteOnEdge(i, k, content) {
    const [mx, my] = midpoint(values[i].edges[k]);
    const [cx, cy] = values[i].ellipse;
    // On the side of the edge away from the op's other operand (above or below when the graph flows left to right,
    // left or right when it flows down), so two operands' notes do not meet; addNote moves a note off what it covers.
    const lr = graph.direction === "LR";
    const before = lr ? my <= cy : mx <= cx;
    const at = lr
      ? { x: mx, y: before ? my - 8 : my + 16, "text-anchor": "middle" }
      : { x: before ? mx - 6 : mx + 6, y: my + 4, "text-anchor": before ? "end" : "start" };
    return addNote({ ...at, class: "edge-note", "data-note-edge": i + ":" + k }, content, before ? -1 : 1);
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
