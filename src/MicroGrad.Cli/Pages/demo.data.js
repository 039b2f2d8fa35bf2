// The run's data, embedded by `micrograd demo` (Pages/DemoPage.cs): the history by columns (loss, accuracy and
// learning rate of each step, before its update), the moons, and the boundary frames (one bit a grid cell).

function readData() {
  return JSON.parse(document.getElementById("demo-data").textContent);
}

// The classes (0 or 1) of the cells of one frame: cell i is bit i % 8 of byte i / 8, least significant first.
function decodeFrame(base64, cellCount) {
  const bytes = atob(base64);
  const classes = new Uint8Array(cellCount);
  for (let i = 0; i < cellCount; i++)
    classes[i] = (bytes.charCodeAt(i >> 3) >> (i & 7)) & 1;
  return classes;
}

// The frames of a run, decoded on first use. frameOf(step) is the frame recorded at the step or, when frames are
// recorded every few steps, at the last recorded step before it.
function createFrames(boundary) {
  const cellCount = boundary.columns * boundary.rows;
  const decoded = new Array(boundary.frames.length);
  function indexOf(step) {
    let lo = 0, hi = boundary.steps.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (boundary.steps[mid] <= step) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  return {
    frameOf(step) {
      const i = indexOf(step);
      decoded[i] ??= decodeFrame(boundary.frames[i], cellCount);
      return { step: boundary.steps[i], classes: decoded[i] };
    },
  };
}
