"""Writes docs/benchmarks.md from one compare.sh run: BenchmarkDotNet's JSON reports and the baseline's lines."""
import datetime
import glob
import json
import os
import platform
import re
import subprocess
import sys

artifacts, out = sys.argv[1], sys.argv[2]

ours = {}  # description -> (mean ns, allocated bytes or None)
for path in glob.glob(os.path.join(artifacts, "results", "*.json")):
    with open(path) as f:
        report = json.load(f)
    for b in report.get("Benchmarks", []):
        stats = b.get("Statistics") or {}
        if "Mean" not in stats:
            continue
        desc = (b.get("MethodTitle") or b.get("Method") or "").strip("'")
        # Parameterised cases (e.g. the chain's Depth) are separate rows, not one key overwritten by the other.
        if b.get("Parameters"):
            desc += f" [{b['Parameters']}]"
        mem = (b.get("Memory") or {}).get("BytesAllocatedPerOperation")
        ours[desc] = (stats["Mean"], mem, b.get("Type", ""))

torch = {}
with open(os.path.join(artifacts, "torch.txt")) as f:
    for line in f:
        m = re.match(r"(torch-\w+) ([0-9.]+) ms", line)
        if m:
            key = m.group(1)
            b = re.search(r"batch (\d+)", line)
            if key == "torch-train" and b:
                # The full batch and a mini-batch run of the same workload: torch-train-b20000, torch-train-b64.
                key += "-b" + b.group(1)
            torch[key] = float(m.group(2))

def time_v(name):
    """Wall seconds and peak RSS (MB) of one command timed by /usr/bin/time -v into artifacts/name, or {}."""
    result = {}
    path = os.path.join(artifacts, name)
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if "Elapsed (wall clock)" in line:
                    parts = line.rsplit(" ", 1)[1].strip().split(":")
                    result["wall_s"] = sum(float(p) * 60 ** i for i, p in enumerate(reversed(parts)))
                elif "Maximum resident set size" in line:
                    result["rss_mb"] = int(line.rsplit(" ", 1)[1]) / 1024
    return result


command = time_v("train-time.txt")  # the whole `micrograd train` command
memory = {count: time_v(f"memory-{count}.txt") for count in (1000000, 100000)}

outofcore = []
path = os.path.join(artifacts, "outofcore.txt")
if os.path.exists(path):
    with open(path) as f:
        for line in f:
            if line.startswith("outofcore-ols"):
                outofcore.append(line.strip())


def find(*words):
    """Our mean in ms for the first benchmark whose description contains every word (case-insensitive)."""
    for desc, (mean, _, typ) in sorted(ours.items()):
        text = (desc + " " + typ).lower()
        if all(w.lower() in text for w in words):
            return mean / 1e6, desc
    return None, None


def fmt(ms):
    return "—" if ms is None else (f"{ms:.4f} ms" if ms < 1 else f"{ms:.2f} ms")


rows = []


def alloc(desc):
    mem = ours.get(desc, (None, None, None))[1] if desc else None
    return "" if mem is None else f", {mem:,} B allocated"


def row(workload, ours_ms, desc, torch_key, target, target_ratio=None, target_abs=None, ref_ms=None):
    t = ref_ms if ref_ms is not None else (torch.get(torch_key) if torch_key else None)
    ratio = ours_ms / t if (ours_ms is not None and t) else None
    met = None
    if ours_ms is not None:
        if target_ratio is not None and ratio is not None:
            met = ratio <= target_ratio
        if target_abs is not None:
            met = ours_ms <= target_abs if met is None else (met and ours_ms <= target_abs)
    rows.append((workload, fmt(ours_ms) + (f" ({desc})" if desc else ""), fmt(t), "—" if ratio is None else f"{ratio:.2f}×",
                 target, "—" if met is None else ("yes" if met else "**no**")))


ms, d = find("demo step, compiled graph")
row("micrograd demo step, compiled graph", ms, d, "torch-mlp", "≤ 0.5× PyTorch", target_ratio=0.5)
ms, d = find("demo", "dynamic")
row("micrograd demo step, dynamic graph", ms, d, "torch-mlp", "≤ 2 ms", target_abs=2.0)
ms, d = find("train step", "full batch")
row("tabular train step, 20,000 × 10, 10-32-32-3, Adam, full batch", ms, d + alloc(d) if d else d, "torch-train-b20000",
    "≤ 0.5× PyTorch", target_ratio=0.5)
one_ms, one_d = ms, d
ms, d = find("train step", "full batch", "2 threads")
row("tabular train step, full batch, 2 threads ÷ our 1 thread", ms, (d + " ÷ one thread") if d else d, None,
    "≤ 0.6× one thread (ref column: ours, 1 thread)", target_ratio=0.6, ref_ms=one_ms)
ms, d = find("train step", "batch 64")
row("tabular train step, `--batch-size 64`", ms, d + alloc(d) if d else d, "torch-train-b64", "≤ 0.2× PyTorch",
    target_ratio=0.2)
ms, d = find("demo step", "objective on tensors")
row("micrograd demo step, tensor engine (batched)", ms, d + alloc(d) if d else d, "torch-mlp", "≤ 0.1× PyTorch",
    target_ratio=0.1)
compiled_ms, cd = find("demo step", "objective on the compiled")
row("micrograd demo step, tensor engine ÷ our compiled replay", ms, (d + " ÷ " + cd) if d and cd else d, None,
    "≤ 0.2× compiled replay (ref column: ours, compiled)", target_ratio=0.2, ref_ms=compiled_ms)
if command:
    rows.append(("`micrograd train` whole command, 20,000 rows, 100 full-batch steps",
                 f"{command['wall_s']:.2f} s wall, peak RSS {command['rss_mb']:.0f} MB (/usr/bin/time -v)", "—", "—",
                 "< 4 s wall", "yes" if command["wall_s"] < 4 else "**no**"))
for count, what, limit in ((1000000, "1,000,000 × 10, `--batch-size 256`, 100 steps", 400),
                           (100000, "100,000 × 10, full batch, 10 steps", 1024)):
    m = memory.get(count)
    if m:
        rows.append((f"`micrograd train` peak memory, {what}",
                     f"{m['rss_mb']:.0f} MB peak RSS, {m['wall_s']:.1f} s wall (/usr/bin/time -v)", "—", "—",
                     f"≤ {limit} MB", "yes" if m["rss_mb"] <= limit else "**no**"))
ms, d = find("gd iteration", "simd")
row("GD iteration, N = 10⁶, k = 8", ms, d, "torch-gd", "≤ 0.45× PyTorch", target_ratio=0.45)
ms, d = find("least squares", "tsqr solve")
row("least squares, N = 10⁶, k = 8 (coefficients)", ms, d, "torch-ols", "≤ 0.35× PyTorch", target_ratio=0.35)
ms, d = find("least squares", "summary")
row("least squares, N = 10⁶, k = 8 (+ full summary)", ms, d, "torch-ols", "(PyTorch has no summary)")
one_ms, one_d = find("streamed csv", "first pass", "Threads=1")
ms, d = find("streamed csv", "first pass", "Threads=2")
row("streamed CSV fit, first pass (parse + TSQR), 2 threads ÷ 1 thread", ms, (d + " ÷ one thread") if d else d, None,
    "(measured, no target; ref column: ours, 1 thread)", ref_ms=one_ms)
one_ms, one_d = find("streamed csv", "FitCsvStreaming", "Threads=1")
ms, d = find("streamed csv", "FitCsvStreaming", "Threads=2")
row("streamed CSV fit with summary, 2 threads ÷ 1 thread", ms, (d + " ÷ one thread") if d else d, None,
    "(measured, no target; ref column: ours, 1 thread)", ref_ms=one_ms)
ms, d = find("chain", "Depth=1000000")
row("backward on a 10⁶-deep chain", ms, d, None, "< 300 ms", target_abs=300.0)

cpu = "unknown"
try:
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
except OSError:
    pass
nproc = os.cpu_count()
dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()

lines = [
    "# Benchmarks: MicroGrad against PyTorch",
    "",
    f"Generated by `benchmarks/compare.sh` on {datetime.date.today().isoformat()}: {nproc} cores, {cpu}, "
    f"{platform.system()} {platform.release()}, .NET SDK {dotnet}. Our figures are BenchmarkDotNet means (short job, "
    "one thread); PyTorch's are the medians printed by `../shared/baselines/torch/run.sh` (libtorch CPU through "
    "TorchSharp, float64, one thread) in the same run. Ratio = ours / PyTorch (lower is better). The machine is "
    "shared, so absolute times move by ±10% between runs; compare ratios within one run.",
    "",
    "| workload | ours | PyTorch | ratio | target | met |",
    "|---|---|---|---|---|---|",
]
for r in rows:
    lines.append("| " + " | ".join(r) + " |")
lines.append("")
if outofcore:
    lines += ["Out of core (`benchmarks/outofcore.sh`, same run):", ""] + ["    " + line for line in outofcore] + [""]
lines += ["## Every case of this run", "", "| benchmark | mean | allocated/op |", "|---|---|---|"]
for desc, (mean, mem, typ) in sorted(ours.items(), key=lambda kv: kv[1][2] + kv[0]):
    lines.append(f"| {typ}: {desc} | {fmt(mean / 1e6)} | {'—' if mem is None else f'{mem:,} B'} |")
lines.append("")
for key, value in sorted(torch.items()):
    lines.append(f"- {key}: {value} ms")
lines.append("")
marker = "<!-- notes -->"
notes = ""
if os.path.exists(out):
    with open(out) as f:
        old = f.read()
    if marker in old:
        notes = old[old.index(marker):]
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n" + (notes or marker + "\n"))
