#!/usr/bin/env bash
# Publishes the NativeAOT binary to bin/zerobox when the sources changed since the last build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v dotnet >/dev/null || { echo "zerobox: the .NET 10 SDK (dotnet) is not on PATH; install it first" >&2; exit 1; }
# Sources only: obj/ and bin/ hold files the build itself generates.
hash=$(find src Directory.Build.props \( -name obj -o -name bin \) -prune -o -type f \( -name '*.cs' -o -name '*.c' -o -name '*.csproj' -o -name '*.props' \) -print0 \
  | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if [[ -x bin/zerobox && -f bin/.build-hash && "$(cat bin/.build-hash)" == "$hash" ]]; then exit 0; fi
echo "build: publishing bin/zerobox (NativeAOT, takes about a minute the first time)" >&2
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! dotnet publish src/Zerobox.Cli -c Release -o "$tmp" >"$tmp/build.log" 2>&1; then
  grep -E 'error|Error' "$tmp/build.log" | sort -u >&2 || cat "$tmp/build.log" >&2
  echo "zerobox: build failed (full log above)" >&2
  exit 1
fi
mkdir -p bin
install -m 0755 "$tmp/zerobox" bin/zerobox
echo "$hash" > bin/.build-hash
