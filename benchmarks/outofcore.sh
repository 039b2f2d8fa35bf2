#!/usr/bin/env bash
# Out-of-core fits of a generated CSV (default 2 GB, 8 features): least squares streamed (time, parse rate, peak
# memory; on 1 and 2 threads), then gradient descent through the binary cache (first parse + cache write, ms per iteration, peak memory).
# Usage: benchmarks/outofcore.sh [BYTES] [GD_ITERATIONS]   (from the repository root; the file and cache are deleted afterwards)
set -euo pipefail
bytes=${1:-2000000000}
file=${OUTOFCORE_FILE:-/tmp/micrograd-outofcore-$$.csv}
trap 'rm -f "$file"' EXIT
prog=benchmarks/outofcore/OutOfCore.cs
dotnet build -c Release "$prog" >/dev/null
dotnet run -c Release --no-build "$prog" -- generate "$file" "$bytes"
dotnet run -c Release --no-build "$prog" -- fit "$file" 1
dotnet run -c Release --no-build "$prog" -- fit "$file" 2
dotnet run -c Release --no-build "$prog" -- gd "$file" "${2:-50}"
