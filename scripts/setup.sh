#!/usr/bin/env bash
# Installs the Debian packages zerobox needs. Usage: scripts/setup.sh [runtime] [build] [test]
#   runtime: bubblewrap, libseccomp2        (what the zerobox binary needs)
#   build:   gcc, zlib1g-dev                 (NativeAOT links with the system toolchain; the .NET SDK must be on PATH)
#   test:    gcc, libc6-dev, util-linux, bsdutils, passwd, procps (probes, setpriv, script, useradd, kill/ps)
#   bench:   hyperfine, time (jq is installed by bench/run.sh)
# Prints what it does on stderr; as non-root it prints the sudo command instead of installing.
set -euo pipefail
want=()
for group in "$@"; do
  case "$group" in
    runtime) want+=(bubblewrap libseccomp2) ;;
    build)   want+=(gcc zlib1g-dev) ;;
    test)    want+=(gcc libc6-dev util-linux bsdutils passwd procps) ;;
    bench)   want+=(hyperfine time) ;;
    *) echo "setup.sh: unknown group '$group' (runtime, build, test, bench)" >&2; exit 2 ;;
  esac
done
missing=()
for pkg in "${want[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
# shellcheck disable=SC2207
missing=($(printf '%s\n' "${missing[@]}" | sort -u))
if [[ $(id -u) -ne 0 ]]; then
  echo "zerobox: missing Debian packages: ${missing[*]}" >&2
  echo "zerobox: install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || true
apt-get install -y -qq "${missing[@]}" >&2
