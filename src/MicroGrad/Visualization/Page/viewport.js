// ---- viewport.js: pan (drag), zoom (wheel, buttons), fit, and following the active node ----
// The viewBox keeps the container's aspect, so a screen pixel is always vb.w / width user units.

function createViewport(graph, svg) {
  const values = graph.values;
  const container = svg.parentElement;
  const vb = { x: 0, y: 0, w: graph.width, h: graph.height };
  const MARGIN = 20;

  // The container's size, read once and then kept by a ResizeObserver: reading clientWidth on every step would force
  // the browser to lay the whole page out again after each step's changes.
  let viewSize = [Math.max(1, container.clientWidth), Math.max(1, container.clientHeight)];

  function size() {
    return viewSize;
  }

  function apply() {
    svg.setAttribute("viewBox", vb.x + " " + vb.y + " " + vb.w + " " + vb.h);
  }

  function scale() {
    return size()[0] / vb.w;
  }

  function setScale(s, cx, cy) {
    const [cw, ch] = size();
    vb.w = cw / s;
    vb.h = ch / s;
    vb.x = cx - vb.w / 2;
    vb.y = cy - vb.h / 2;
    apply();
  }

  function fitScale() {
    const [cw, ch] = size();
    return Math.min(cw / (graph.width + 2 * MARGIN), ch / (graph.height + 2 * MARGIN));
  }

  function fit() {
    setScale(Math.min(fitScale(), 2), graph.width / 2, graph.height / 2);
  }

  function zoomAt(factor, px, py) {
    const [cw] = size();
    const s = Math.min(8, Math.max(0.02, scale() * factor));
    const f = s / scale();
    // Keep the user point under (px, py) where it is.
    vb.x = px - (px - vb.x) / f;
    vb.y = py - (py - vb.y) / f;
    vb.w = cw / s;
    vb.h = vb.w * (size()[1] / cw);
    apply();
  }

  function zoom(factor) {
    zoomAt(factor, vb.x + vb.w / 2, vb.y + vb.h / 2);
  }

  // Below this scale the records' text is too small to read.
  const READABLE = 0.4;

  /** Brings value i and its operands into view, readable, moving the view only when it must (and centring on value
   * i when they do not all fit). */
  function follow(i) {
    const [x, y, w, h] = values[i].box;
    let [left, top, right, bottom] = [x, y, x + w, y + h];
    for (const k of values[i].operands) {
      const [ox, oy, ow, oh] = values[k].box;
      [left, top, right, bottom] = [Math.min(left, ox), Math.min(top, oy), Math.max(right, ox + ow), Math.max(bottom, oy + oh)];
    }
    const readable = scale() >= READABLE;
    // Inside, with room around for the notes: a tenth of the view on every side.
    const mw = vb.w / 10, mh = vb.h / 10;
    const inside = left >= vb.x + mw && top >= vb.y + mh && right <= vb.x + vb.w - mw && bottom <= vb.y + vb.h - mh;
    const whole = vb.x <= 0 && vb.y <= 0 && vb.x + vb.w >= graph.width && vb.y + vb.h >= graph.height;
    if (readable && (inside || whole)) return;
    const s = readable ? scale() : 1;
    const [cw, ch] = size();
    const fits = (right - left) * s <= cw * 0.8 && (bottom - top) * s <= ch * 0.8;
    setScale(s, fits ? (left + right) / 2 : x + w / 2, fits ? (top + bottom) / 2 : y + h / 2);
  }

  /** The first view: the whole graph when it is readable so, else the first node to compute at full size. */
  function initial(first) {
    if (fitScale() >= READABLE) fit();
    else {
      const [x, y, w, h] = values[first].box;
      setScale(1, x + w / 2, y + h / 2);
    }
  }

  let drag = null;
  container.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) return;
    drag = { x: e.clientX, y: e.clientY, vx: vb.x, vy: vb.y, id: e.pointerId };
    container.classList.add("dragging");
    if (container.setPointerCapture) container.setPointerCapture(e.pointerId);
  });
  container.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const unit = vb.w / size()[0];
    vb.x = drag.vx - (e.clientX - drag.x) * unit;
    vb.y = drag.vy - (e.clientY - drag.y) * unit;
    apply();
  });
  const endDrag = () => {
    drag = null;
    container.classList.remove("dragging");
  };
  container.addEventListener("pointerup", endDrag);
  container.addEventListener("pointercancel", endDrag);
  container.addEventListener("wheel", (e) => {
    e.preventDefault();
    const rect = container.getBoundingClientRect();
    const unit = vb.w / size()[0];
    zoomAt(Math.exp(-e.deltaY * 0.0015), vb.x + (e.clientX - rect.left) * unit, vb.y + (e.clientY - rect.top) * unit);
  }, { passive: false });
  new ResizeObserver(() => {
    // Called after layout, so reading the size here costs nothing. Keep the scale and the centre; the viewBox takes
    // the container's new aspect.
    const now = [Math.max(1, container.clientWidth), Math.max(1, container.clientHeight)];
    if (now[0] === viewSize[0] && now[1] === viewSize[1]) return;
    const s = scale();
    viewSize = now;
    setScale(s, vb.x + vb.w / 2, vb.y + vb.h / 2);
  }).observe(container);

  return { fit, zoom, follow, initial };
}
