// The loss (left axis, from 0) and accuracy (right axis, 0 to 1) by step, in SVG, with a marker at the selected step.

const CURVES_WIDTH = 560, CURVES_HEIGHT = 420;
const MARGIN = { left: 52, right: 48, top: 14, bottom: 36 };

// A round number at or above x, to top the loss axis (1, 2, 2.5, 5 times a power of ten).
function niceCeiling(x) {
  if (!(x > 0))
    return 1;
  const power = Math.pow(10, Math.floor(Math.log10(x)));
  return [1, 2, 2.5, 5, 10].map(m => m * power).find(v => v >= x);
}

// A whole number of steps at or above x, to space the step axis's labels: 1, 2 or 5 times a power of ten, or 2.5 times
// one where that is whole (25, 250, …).
function stepSpacing(x) {
  if (!(x > 1))
    return 1;
  const power = Math.pow(10, Math.floor(Math.log10(x)));
  return [1, 2, 2.5, 5, 10].map(m => m * power).find(v => v >= x && Number.isInteger(v));
}

function createCurves(svg, data) {
  const n = data.loss.length;
  const lossTop = niceCeiling(data.loss.reduce((top, loss) => Math.max(top, loss), 0));
  const plotWidth = CURVES_WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = CURVES_HEIGHT - MARGIN.top - MARGIN.bottom;
  const toX = step => MARGIN.left + (n > 1 ? step / (n - 1) : 0) * plotWidth;
  const toYLoss = loss => MARGIN.top + (1 - loss / lossTop) * plotHeight;
  const toYAccuracy = accuracy => MARGIN.top + (1 - accuracy) * plotHeight;

  svg.setAttribute("viewBox", `0 0 ${CURVES_WIDTH} ${CURVES_HEIGHT}`);
  svgElement("rect", { x: MARGIN.left, y: MARGIN.top, width: plotWidth, height: plotHeight, fill: "none", stroke: "#ccc" }, svg);
  for (let t = 0; t <= 4; t++) {
    const y = MARGIN.top + t / 4 * plotHeight;
    svgElement("line", { x1: MARGIN.left, x2: MARGIN.left + plotWidth, y1: y, y2: y, stroke: "#0000000f" }, svg);
    svgElement("text", { x: MARGIN.left - 6, y: y + 4, "text-anchor": "end" }, svg).textContent = +(lossTop * (1 - t / 4)).toPrecision(3);
    svgElement("text", { x: MARGIN.left + plotWidth + 6, y: y + 4 }, svg).textContent = `${100 - 25 * t}%`;
  }
  // Steps at a round spacing (0, 25, 50, 75 for 100 steps), then the last step unless it would crowd the one before.
  const last = n - 1;
  const spacing = stepSpacing(last / 4);
  const ticks = [];
  for (let step = 0; step <= last; step += spacing)
    ticks.push(step);
  if (last - ticks[ticks.length - 1] >= spacing / 2)
    ticks.push(last);
  for (const step of ticks)
    svgElement("text", { x: toX(step), y: MARGIN.top + plotHeight + 16, "text-anchor": "middle", "data-step-tick": "" }, svg).textContent = step;
  svgElement("text", { x: MARGIN.left + plotWidth / 2, y: CURVES_HEIGHT - 4, "text-anchor": "middle" }, svg).textContent = "step";

  const path = values => values.map((v, k) => `${k ? "L" : "M"}${toX(k).toFixed(2)},${v.toFixed(2)}`).join("");
  svgElement("path", { d: path(data.accuracy.map(toYAccuracy)), fill: "none", stroke: "var(--accuracy)", "stroke-width": 2 }, svg);
  svgElement("path", { d: path(data.loss.map(toYLoss)), fill: "none", stroke: "var(--loss)", "stroke-width": 2 }, svg);

  const line = svgElement("line", { y1: MARGIN.top, y2: MARGIN.top + plotHeight, stroke: "var(--marker)",
    "stroke-dasharray": "4 3", "data-marker": "" }, svg);
  const lossDot = svgElement("circle", { r: 5, fill: "var(--loss)", stroke: "#fff", "stroke-width": 1.5 }, svg);
  const accuracyDot = svgElement("circle", { r: 5, fill: "var(--accuracy)", stroke: "#fff", "stroke-width": 1.5 }, svg);
  return {
    // Moves the marker to a step.
    mark(step) {
      const x = toX(step);
      line.setAttribute("x1", x);
      line.setAttribute("x2", x);
      line.setAttribute("data-marker", step);
      lossDot.setAttribute("cx", x);
      lossDot.setAttribute("cy", toYLoss(data.loss[step]));
      accuracyDot.setAttribute("cx", x);
      accuracyDot.setAttribute("cy", toYAccuracy(data.accuracy[step]));
    },
  };
}
