// The decision boundary: a canvas of one pixel per grid cell (row 0 at the top), scaled up crisply by CSS, under an SVG
// of the moons coloured by class. Colours as boundary.png's (ScottPlot's Category10; the cells at 35% on white).

const CELL_COLOURS = [[177, 207, 229], [255, 210, 171]];
const POINT_COLOURS = ["#1f77b4", "#ff7f0e"];
const PLOT_SIZE = 420; // the SVG's user units, the size of the plot in CSS pixels

// A new SVG element in parent (its namespace is taken from parent, so the page holds no address of any kind).
function svgElement(name, attributes, parent) {
  const element = document.createElementNS(parent.namespaceURI, name);
  for (const [key, value] of Object.entries(attributes))
    element.setAttribute(key, value);
  parent.appendChild(element);
  return element;
}

function createBoundary(canvas, svg, data) {
  const b = data.boundary;
  const cells = b.cells;
  canvas.width = cells;
  canvas.height = cells;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const image = context.createImageData(cells, cells);
  const toX = x => (x - b.xMin) / (b.xMax - b.xMin) * PLOT_SIZE;
  const toY = y => (b.yMax - y) / (b.yMax - b.yMin) * PLOT_SIZE;

  svg.setAttribute("viewBox", `0 0 ${PLOT_SIZE} ${PLOT_SIZE}`);
  // Faint lines at whole coordinates, labelled along the bottom and left edges.
  for (let x = Math.ceil(b.xMin); x <= b.xMax; x++) {
    svgElement("line", { x1: toX(x), x2: toX(x), y1: 0, y2: PLOT_SIZE, stroke: "#0000001a" }, svg);
    svgElement("text", { x: toX(x) + 2, y: PLOT_SIZE - 3 }, svg).textContent = x;
  }
  for (let y = Math.ceil(b.yMin); y <= b.yMax; y++) {
    svgElement("line", { x1: 0, x2: PLOT_SIZE, y1: toY(y), y2: toY(y), stroke: "#0000001a" }, svg);
    svgElement("text", { x: 3, y: toY(y) - 2 }, svg).textContent = y;
  }
  for (let i = 0; i < data.x.length; i++) {
    const c = data.classes[i];
    svgElement("circle", { cx: toX(data.x[i]), cy: toY(data.y[i]), r: 4.5, fill: POINT_COLOURS[c], stroke: "#fff",
      "stroke-width": 1, "data-class": c }, svg);
  }
  // The legend, top right.
  data.classNames.forEach((name, c) => {
    const y = 16 + 16 * c;
    svgElement("rect", { x: PLOT_SIZE - 86, y: y - 9, width: 80, height: 15, fill: "#ffffffcc" }, svg);
    svgElement("circle", { cx: PLOT_SIZE - 78, cy: y - 2, r: 4.5, fill: POINT_COLOURS[c] }, svg);
    svgElement("text", { x: PLOT_SIZE - 68, y: y + 2 }, svg).textContent = name;
  });

  return {
    // Paints the cells' classes (a frame from createFrames).
    show(classes) {
      for (let i = 0; i < classes.length; i++) {
        const [r, g, bl] = CELL_COLOURS[classes[i]];
        image.data.set([r, g, bl, 255], 4 * i);
      }
      context.putImageData(image, 0, 0);
    },
    // The class painted in the cell that holds (x, y), read back from the canvas: 0, 1, or -1 for a colour that is
    // neither class's (nothing painted yet) or a point outside the grid.
    classAt(x, y) {
      const col = Math.floor((x - b.xMin) / (b.xMax - b.xMin) * cells);
      const row = Math.floor((b.yMax - y) / (b.yMax - b.yMin) * cells);
      if (col < 0 || col >= cells || row < 0 || row >= cells)
        return -1;
      const [r, g, bl] = context.getImageData(col, row, 1, 1).data;
      return CELL_COLOURS.findIndex(([cr, cg, cb]) => cr === r && cg === g && cb === bl);
    },
  };
}
