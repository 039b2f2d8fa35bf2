#!/usr/bin/env bash
# Runs our BenchmarkDotNet cases (regression, and the engine's *DemoStep* / *Chain* when they exist) and the PyTorch
# baseline in one go on this machine, then writes docs/benchmarks.md with the ratios.
# Usage (from the repository root): benchmarks/compare.sh [--outofcore BYTES]
#   --outofcore BYTES  also runs benchmarks/outofcore.sh on a generated CSV of BYTES (e.g. 2000000000; slow).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
artifacts=$(mktemp -d /tmp/micrograd-bench-XXXXXX)
trap 'rm -rf "$artifacts"' EXIT
outofcore=""
if [[ ${1:-} == --outofcore ]]; then outofcore=${2:?bytes}; fi

echo "== our benchmarks (BenchmarkDotNet, short job)" >&2
dotnet run -c Release --project benchmarks/MicroGrad.Benchmarks -- \
  --filter '*Regression*' '*DemoStep*' '*Chain*' --job short --exporters json \
  --artifacts "$artifacts" >"$artifacts/bdn.log" 2>&1 || { tail -50 "$artifacts/bdn.log" >&2; exit 1; }

echo "== PyTorch baseline" >&2
torch=../shared/baselines/torch/run.sh
"$torch" mlp --csv ../shared/data/moons1337.csv | tee "$artifacts/torch.txt" >&2
"$torch" gd --n 1000000 --k 8 | tee -a "$artifacts/torch.txt" >&2
"$torch" ols --n 1000000 --k 8 | tee -a "$artifacts/torch.txt" >&2

if [[ -n $outofcore ]]; then
  echo "== out of core ($outofcore bytes)" >&2
  benchmarks/outofcore.sh "$outofcore" | tee "$artifacts/outofcore.txt" >&2
fi

python3 benchmarks/write_benchmarks_md.py "$artifacts" docs/benchmarks.md
echo "wrote docs/benchmarks.md" >&2
