#!/usr/bin/env bash
# Runs our BenchmarkDotNet cases (regression, the engine's *DemoStep* / *Chain* / *Autograd*, and issue 10's tabular
# *TrainStep*) and the PyTorch baseline in one go on this machine, times one whole `micrograd train` command on the
# tabular CSV (made from a seed by the benchmarks project), then writes docs/benchmarks.md with the ratios.
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
  --filter '*Regression*' '*DemoStep*' '*Chain*' '*TrainStep*' '*Autograd*' --job short --exporters json \
  --artifacts "$artifacts" >"$artifacts/bdn.log" 2>&1 || { tail -50 "$artifacts/bdn.log" >&2; exit 1; }

echo "== issue 10's tabular CSV (20,000 × 10, 3 classes, from a seed)" >&2
tab="$artifacts/tab20k.csv"
dotnet run -c Release --no-build --project benchmarks/MicroGrad.Benchmarks -- --make-tab20k "$tab"

echo "== PyTorch baseline" >&2
torch=../shared/baselines/torch/run.sh
"$torch" mlp --csv ../shared/data/moons1337.csv | tee "$artifacts/torch.txt" >&2
"$torch" gd --n 1000000 --k 8 | tee -a "$artifacts/torch.txt" >&2
"$torch" ols --n 1000000 --k 8 | tee -a "$artifacts/torch.txt" >&2
"$torch" train --csv "$tab" --target y --layers 32,32 --lr 0.01 --steps 50 | tee -a "$artifacts/torch.txt" >&2
"$torch" train --csv "$tab" --target y --layers 32,32 --lr 0.01 --steps 1000 --batch-size 64 | tee -a "$artifacts/torch.txt" >&2

echo "== micrograd train, whole command (100 full-batch steps on the tabular CSV)" >&2
dotnet build -c Release -v q src/MicroGrad.Cli >/dev/null
/usr/bin/time -v -o "$artifacts/train-time.txt" dotnet src/MicroGrad.Cli/bin/Release/net10.0/MicroGrad.Cli.dll train \
  --data "$tab" --target y --layers 32,32 --optimizer adam --lr 0.01 --steps 100 >"$artifacts/train-out.txt" 2>&1 \
  || { cat "$artifacts/train-out.txt" >&2; exit 1; }
grep -E "Elapsed \(wall|Maximum resident" "$artifacts/train-time.txt" >&2

echo "== micrograd train, peak memory: 1,000,000 rows with --batch-size 256, and 100,000 rows full batch" >&2
# The same generator: the first 20,000 rows of each file are tab20k.csv's.
for spec in "1000000 --batch-size 256 --steps 100" "100000 --steps 10"; do
  read -r rows options <<<"$spec"
  csv="$artifacts/tab$rows.csv"
  dotnet run -c Release --no-build --project benchmarks/MicroGrad.Benchmarks -- --make-tabular "$rows" "$csv"
  # shellcheck disable=SC2086 # $options is a list of words
  /usr/bin/time -v -o "$artifacts/memory-$rows.txt" dotnet src/MicroGrad.Cli/bin/Release/net10.0/MicroGrad.Cli.dll train \
    --data "$csv" --target y --layers 32,32 --optimizer adam --lr 0.01 $options >"$artifacts/memory-$rows-out.txt" 2>&1 \
    || { cat "$artifacts/memory-$rows-out.txt" >&2; exit 1; }
  grep -E "Elapsed \(wall|Maximum resident" "$artifacts/memory-$rows.txt" >&2
  rm -f "$csv"
done

if [[ -n $outofcore ]]; then
  echo "== out of core ($outofcore bytes)" >&2
  benchmarks/outofcore.sh "$outofcore" | tee "$artifacts/outofcore.txt" >&2
fi

python3 benchmarks/write_benchmarks_md.py "$artifacts" docs/benchmarks.md
echo "wrote docs/benchmarks.md" >&2
