// The step slider, play/pause and keys; selecting a step updates the numbers, the curves' marker and the boundary.
// Runs last: it starts the page.

// Play takes about PLAY_SECONDS whatever the run's length: at most PLAY_MOST_TICKS ticks (of 80 ms for 100 steps or
// more, advancing last / 100 steps a tick), and at most PLAY_SLOWEST_MS a step for short runs.
const PLAY_SECONDS = 8;
const PLAY_MOST_TICKS = 100;
const PLAY_SLOWEST_MS = 400;

function startPage() {
  const data = readData();
  const n = data.loss.length;
  const last = n - 1; // a run has at least one step (the CLI refuses --steps 0)
  const frames = createFrames(data.boundary);
  const boundary = createBoundary(document.querySelector("canvas[data-boundary]"), document.querySelector("svg[data-points]"), data);
  const curves = createCurves(document.querySelector("svg[data-curves]"), data);
  const slider = document.querySelector("input[data-step]");
  const play = document.querySelector("[data-action=play]");
  const field = name => document.querySelector(`[data-${name}]`);
  const every = data.boundary.every;

  field("description").textContent = data.description;
  field("last-step").textContent = last;
  slider.min = 0;
  slider.max = last;
  play.disabled = n <= 1;
  field("note").textContent = "The boundary at step k is the model whose loss step k shows: its weights before update " +
    "k (at step 0, the initial weights). boundary.png draws the model after the last update, one update later than the " +
    "last step here. " +
    `The boundary is the model's class at the centres of ${data.boundary.columns} × ${data.boundary.rows} square cells ` +
    "over the data's range padded by 1, " + (every === 1
      ? "recorded at every step."
      : `recorded every ${every} steps and at the last: a step in between shows the last recorded step before it.`);

  // Writes a number into an element's data- attribute as JavaScript prints it (shortest round trip), and into its text
  // as `format` gives it (the same by default).
  function show(name, value, format = String) {
    const element = field(name);
    element.setAttribute(`data-${name}`, String(value));
    element.textContent = format(value);
  }

  let selected = 0;
  function select(step) {
    selected = Math.min(Math.max(0, Math.round(step) || 0), last);
    slider.value = selected;
    field("step-label").textContent = selected;
    const [loss, accuracy, rate] = [data.loss[selected], data.accuracy[selected], data.learningRate[selected]];
    show("loss", loss);
    show("accuracy", accuracy, a => `${+(100 * a).toFixed(1)}%`);
    show("learning-rate", rate, r => String(+r.toPrecision(6)));
    curves.mark(selected);
    const frame = frames.frameOf(selected);
    boundary.show(frame.classes);
    field("boundary-caption").textContent = `Decision boundary at step ${frame.step}` +
      (frame.step === selected ? "" : ` (the last recorded before step ${selected})`) +
      ": the model's class in each cell, and the training data coloured by its class.";
  }

  const playTicks = Math.max(1, Math.min(last, PLAY_MOST_TICKS));
  const playInterval = Math.min(PLAY_SLOWEST_MS, PLAY_SECONDS * 1000 / playTicks);
  let timer = null;
  function setPlaying(on) {
    if (on === (timer !== null))
      return;
    if (on) {
      if (selected >= last)
        select(0);
      // A fractional playhead, so that every tick moves last / playTicks steps on average and the end comes on time.
      let playhead = selected;
      timer = setInterval(() => {
        playhead = Math.min(last, playhead + last / playTicks);
        select(Math.round(playhead));
        if (selected >= last)
          setPlaying(false);
      }, playInterval);
    } else {
      clearInterval(timer);
      timer = null;
    }
    play.textContent = on ? "❚❚ pause" : "▶ play";
    play.setAttribute("aria-pressed", String(on));
  }

  // `input` while a slider is dragged, `change` when it is let go or set by a tool that fires only that (the DOM
  // contract says "changing it"): both select the step.
  for (const type of ["input", "change"]) {
    slider.addEventListener(type, () => {
      setPlaying(false);
      select(Number(slider.value));
    });
  }
  play.addEventListener("click", () => setPlaying(timer === null));
  // Keys. The page takes ← → and Home / End only, and nothing with Alt, Ctrl or Meta (the browser's Back, scrolling
  // and shortcuts); Page Up / Page Down, ↑ ↓ and space stay the browser's (they scroll) unless the slider or the play
  // button has the focus. There ↑ ↓ move one step, Page Up / Page Down ten (the slider's own move a tenth of its range,
  // 100 steps of 1000), and space on the slider plays or pauses (on the button it clicks it).
  const moves = { ArrowLeft: -1, ArrowRight: 1, Home: -Infinity, End: Infinity };
  const focusedMoves = { ...moves, ArrowDown: -1, ArrowUp: 1, PageDown: -10, PageUp: 10 };
  document.addEventListener("keydown", event => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented)
      return;
    const focused = event.target === slider || event.target === play;
    if (event.key === " ") {
      if (event.target === slider) {
        event.preventDefault();
        setPlaying(timer === null);
      }
      return;
    }
    const table = focused ? focusedMoves : moves;
    if (!Object.hasOwn(table, event.key))
      return;
    event.preventDefault();
    setPlaying(false);
    select(selected + table[event.key]); // select clamps: ±Infinity is the first or the last step
  });

  select(last);
  // Read-only hooks for tests and the curious: the selected step, and the class painted under a point.
  window.microgradDemo = Object.freeze({
    get step() { return selected; },
    classAt: (x, y) => boundary.classAt(x, y),
  });
}

startPage();
