#!/usr/bin/env bash
# Start-up and memory benchmark: bare exec, bubblewrap alone (same namespaces, --ro-bind / /) and zerobox,
# side by side in one hyperfine run, plus peak RSS with /usr/bin/time -v and zerobox's own stage breakdown.
# Writes bench/RESULTS.md. Usage: bench/run.sh [RUNS]   (run as root and/or an ordinary user; it says which)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs=${1:-300}
scripts/setup.sh runtime build bench
scripts/build.sh
command -v jq >/dev/null || { [[ $(id -u) -eq 0 ]] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >&2; }
command -v jq >/dev/null || { echo "bench: jq is needed (sudo apt-get install jq)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"   # an ordinary, empty working directory
zb="$root/bin/zerobox"
bw="bwrap --ro-bind / / --dev /dev --proc /proc --unshare-user --unshare-pid --unshare-ipc --unshare-uts --unshare-cgroup-try --unshare-net --die-with-parent true"

# As root, also measure as an ordinary user (the common case; root pays for extra stand-in mounts).
as_user=""
if [[ $(id -u) -eq 0 ]] && id zbtest >/dev/null 2>&1; then
  as_user=zbtest
  install -m 0755 "$zb" "$work/zerobox"
  chmod 0755 "$work"
fi

hyperfine -N --warmup 30 --runs "$runs" --export-json "$work/start.json" \
  -n 'bare true' 'true' \
  -n 'bubblewrap alone' "$bw" \
  -n 'zerobox -- true' "$zb -- true" >&2
if [[ -n "$as_user" ]]; then
  su="setpriv --reuid=$as_user --regid=$as_user --clear-groups --"
  hyperfine -N --warmup 30 --runs "$runs" --export-json "$work/user.json" \
    -n 'bare true' "$su true" \
    -n 'bubblewrap alone' "$su $bw" \
    -n 'zerobox -- true' "$su env HOME=$work $work/zerobox -- true" >&2
fi

median() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .median * 1000' "${2:-$work/start.json}"; }
stddev() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .stddev * 1000' "${2:-$work/start.json}"; }
bare=$(median 'bare true'); bwrap=$(median 'bubblewrap alone'); zero=$(median 'zerobox -- true')

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'; }
rss_zb=$(for i in 1 2 3 4 5; do rss "$zb" -- true; done | sort -n | sed -n 3p)
rss_bw=$(for i in 1 2 3 4 5; do rss $bw; done | sort -n | sed -n 3p)

# zerobox's own stages (ZEROBOX_TRACE_STARTUP=1), median of 50 runs each.
for i in $(seq 50); do ZEROBOX_TRACE_STARTUP=1 "$zb" -- true 2>&1 >/dev/null; done \
  | sed 's/^zerobox: trace: //' | awk '{ms=$NF=="ms"?$(NF-1):$NF; $(NF)=""; $(NF-1)=""; sub(/ +$/,""); print $0 "\t" ms}' \
  | sort -t$'\t' -k1,1 -k2,2n > "$work/stages.tsv"
stages=$(awk -F'\t' '{v[$1]=v[$1] " " $2; n[$1]++} END {for (k in v) {split(substr(v[k],2), a, " "); m=a[int((n[k]+1)/2)]; printf "| %s | %.3f |\n", k, m}}' "$work/stages.tsv" | sort)

ratio=$(echo "$zero / $bwrap" | bc -l)
over=$(echo "$zero - $bare" | bc -l)
cat > "$root/bench/RESULTS.md" <<MD
# Start-up benchmark

Produced by \`bench/run.sh $runs\` on $(date -u +%Y-%m-%d) as $(id -un) (uid $(id -u)).

- machine: $(uname -srm), $(nproc) cores, $(awk '/model name/ {sub(/.*: /,""); print; exit}' /proc/cpuinfo)
- bubblewrap $(bwrap --version | awk '{print $2}'), libseccomp $(dpkg-query -W -f='${Version}' libseccomp2), .NET SDK $(dotnet --version), hyperfine $(hyperfine --version | awk '{print $2}')
- zerobox binary: $(stat -c %s "$zb") bytes (NativeAOT)

| command | median (ms) | stddev (ms) |
| --- | ---: | ---: |
| bare \`true\` | $(printf %.2f "$bare") | $(printf %.2f "$(stddev 'bare true')") |
| bubblewrap alone (same namespaces, \`--ro-bind / /\`) | $(printf %.2f "$bwrap") | $(printf %.2f "$(stddev 'bubblewrap alone')") |
| \`zerobox -- true\` | $(printf %.2f "$zero") | $(printf %.2f "$(stddev 'zerobox -- true')") |

- zerobox / bubblewrap alone: **$(printf %.2f "$ratio")x** (target 1.25x)
$(if [[ -n "$as_user" ]]; then
  ub=$(median 'bare true' "$work/user.json"); uw=$(median 'bubblewrap alone' "$work/user.json"); uz=$(median 'zerobox -- true' "$work/user.json")
  echo "- as the unprivileged user $as_user (each command prefixed by setpriv, which costs the same in every row): bare $(printf %.2f "$ub") ms, bubblewrap alone $(printf %.2f "$uw") ms, zerobox $(printf %.2f "$uz") ms: **$(printf %.2f "$(echo "($uz - $ub) / ($uw - $ub)" | bc -l)")x** bubblewrap alone once setpriv's own cost is taken out"
fi)
- zerobox cost over bare exec: $(printf %.2f "$over") ms
- peak RSS (\`/usr/bin/time -v\`, median of 5; the largest process of the tree): zerobox **$((rss_zb / 1024)) MiB** ($rss_zb KiB), bubblewrap alone $((rss_bw / 1024)) MiB ($rss_bw KiB) (target: zerobox under 15 MiB)

zerobox's own stages (\`ZEROBOX_TRACE_STARTUP=1\`, median of 50 runs; "sandbox ran" is bubblewrap, the
in-sandbox init and the command, from spawn to exit):

| stage | ms |
| --- | ---: |
$stages
MD
cat "$root/bench/RESULTS.md"
