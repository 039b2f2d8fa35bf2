#!/usr/bin/env bash
# Out-of-core least squares on a generated CSV (default 2 GB, 8 features): time, parse rate, peak memory.
# Usage: benchmarks/outofcore.sh [BYTES]   (run from the repository root; the file is deleted afterwards)
set -euo pipefail
bytes=${1:-2000000000}
file=${OUTOFCORE_FILE:-/tmp/micrograd-outofcore-$$.csv}
trap 'rm -f "$file"' EXIT
prog=benchmarks/outofcore/OutOfCore.cs
dotnet build -c Release "$prog" >/dev/null
dotnet run -c Release --no-build "$prog" -- generate "$file" "$bytes"
dotnet run -c Release --no-build "$prog" -- fit "$file"
