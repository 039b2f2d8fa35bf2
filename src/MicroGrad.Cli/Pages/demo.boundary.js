// The decision boundary: a canvas of one pixel per grid cell (row 0 at the top), scaled up crisply by CSS, under an SVG
// of the moons coloured by class. The cells are square and the plot keeps the grid's columns : rows, so x and y share
// one scale. The colours come with the data, from the palette boundary.png draws with (Pages/DemoPage.cs).

const PLOT_WIDTH = 420; // the SVG's user units across, the plot's width in CSS pixels at its widest

// [r, g, b] of a "#rrggbb" colour.
function rgbOf(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [n >> 16, (n >> 8) & 255, n & 255];
}

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
  const [columns, rows] = [b.columns, b.rows];
  const cellColours = data.cellColours.map(rgbOf);
  const pointColours = data.pointColours;
  const [width, height] = [PLOT_WIDTH, PLOT_WIDTH * rows / columns];
  canvas.width = columns;
  canvas.height = rows;
  canvas.parentElement.style.aspectRatio = `${columns} / ${rows}`;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const image = context.createImageData(columns, rows);
  const toX = x => (x - b.xMin) / (b.xMax - b.xMin) * width;
  const toY = y => (b.yMax - y) / (b.yMax - b.yMin) * height;

  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  // Faint lines at whole coordinates, labelled along the bottom and left edges.
  for (let x = Math.ceil(b.xMin); x <= b.xMax; x++) {
    svgElement("line", { x1: toX(x), x2: toX(x), y1: 0, y2: height, stroke: "#0000001a" }, svg);
    svgElement("text", { x: toX(x) + 2, y: height - 3 }, svg).textContent = x;
  }
  for (let y = Math.ceil(b.yMin); y <= b.yMax; y++) {
    svgElement("line", { x1: 0, x2: width, y1: toY(y), y2: toY(y), stroke: "#0000001a" }, svg);
    svgElement("text", { x: 3, y: toY(y) - 2 }, svg).textContent = y;
  }
  for (let i = 0; i < data.x.length; i++) {
    const c = data.classes[i];
    svgElement("circle", { cx: toX(data.x[i]), cy: toY(data.y[i]), r: 4.5, fill: pointColours[c], stroke: "#fff",
      "stroke-width": 1, "data-class": c }, svg);
  }
  // The legend, top right.
  data.classNames.forEach((name, c) => {
    const y = 16 + 16 * c;
    svgElement("rect", { x: width - 86, y: y - 9, width: 80, height: 15, fill: "#ffffffcc" }, svg);
    svgElement("circle", { cx: width - 78, cy: y - 2, r: 4.5, fill: pointColours[c] }, svg);
    svgElement("text", { x: width - 68, y: y + 2 }, svg).textContent = name;
  });

  return {
    // Paints the cells' classes (a frame from createFrames).
    show(classes) {
      for (let i = 0; i < classes.length; i++) {
        const [r, g, bl] = cellColours[classes[i]];
        image.data.set([r, g, bl, 255], 4 * i);
      }
      context.putImageData(image, 0, 0);
    },
    // The class painted in the cell that holds (x, y), read back from the canvas: 0, 1, or -1 for a colour that is
    // neither class's (nothing painted yet) or a point outside the grid.
    classAt(x, y) {
      const col = Math.floor((x - b.xMin) / (b.xMax - b.xMin) * columns);
      const row = Math.floor((b.yMax - y) / (b.yMax - b.yMin) * rows);
      if (col < 0 || col >= columns || row < 0 || row >= rows)
        return -1;
      const [r, g, bl] = context.getImageData(col, row, 1, 1).data;
      return cellColours.findIndex(([cr, cg, cb]) => cr === r && cg === g && cb === bl);
    },
  };
}
