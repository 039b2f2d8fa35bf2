#!/usr/bin/env bash
# Regenerates tests/MicroGrad.Tests/TestData/torch_second_order.json with libtorch 2.10 (CPU, float64) through
# TorchSharp 0.107: run.sh [OUTPUT]   (default: the test project's TestData file; see README.md here).
# The project is built in $TORCH_ORACLE_DIR (default /tmp/torch-second-order), outside the repository, so that the
# repository's Directory.Build.props and central package versions do not apply to it and no build of the repository
# picks it up. The first run restores TorchSharp + libtorch CPU (about 600 MB) into the NuGet cache.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
work=${TORCH_ORACLE_DIR:-/tmp/torch-second-order}
out=${1:-$root/tests/MicroGrad.Tests/TestData/torch_second_order.json}
mkdir -p "$work"
stamp=$(cat "$here/TorchSecondOrder.csproj" "$here/Program.cs" | sha256sum | cut -c1-16)
if [[ ! -f $work/bin/Release/net10.0/TorchSecondOrder.dll || $(cat "$work/.built" 2>/dev/null) != "$stamp" ]]; then
  cp "$here/TorchSecondOrder.csproj" "$here/Program.cs" "$work/"
  dotnet restore -v q "$work" >"$work/build.log" || { cat "$work/build.log"; exit 1; }
  # TorchSharp 0.107's libLibTorchSharp.so asks for GLIBCXX_3.4.32 (Debian 12 has 3.4.30) for one iostream init symbol
  # only: mark that version reference weak in the cached copy so that the loader accepts the installed C++ runtime.
  lib=$(find "${NUGET_PACKAGES:-$HOME/.nuget/packages}/torchsharp/0.107.0" -name libLibTorchSharp.so | head -n 1)
  python3 "$here/weaken_version.py" "$lib" GLIBCXX_3.4.32 >/dev/null
  dotnet build -c Release -v q --no-restore "$work" >"$work/build.log" || { cat "$work/build.log"; exit 1; }
  echo "$stamp" >"$work/.built"
fi
exec dotnet "$work/bin/Release/net10.0/TorchSecondOrder.dll" "$root/tests/MicroGrad.Tests/TestData/torch_graphs.json" "$out"
