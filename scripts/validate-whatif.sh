#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# validate-whatif.sh - compare memcompact's prediction of vm.compact_memory
# with what this machine's kernel does.
#
#   MC_VALIDATE_REAL=1 scripts/validate-whatif.sh [MEMCOMPACT] [WORKDIR]
#
# Opt-in (it makes the kernel compact all of memory, which costs CPU and
# disturbs whatever runs here), root only, never run by CI:
#   1. capture a snapshot (memcompact snapshot)
#   2. predict: memcompact whatif --compact -j on it
#   3. read /proc/vmstat, write 1 to /proc/sys/vm/compact_memory, read
#      /proc/vmstat again
#   4. capture a second snapshot
#   5. print a table: buddyinfo per zone and order (snapshot, predicted,
#      kernel), huge pages, and the compact_* and pgmigrate_* deltas
#      (predicted and kernel).
# Needs python3 for the comparison (Debian package python3).
set -eu

if [ "${MC_VALIDATE_REAL:-0}" != 1 ]; then
	echo "validate-whatif: opt-in: set MC_VALIDATE_REAL=1 (it makes the kernel compact memory)" >&2
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "validate-whatif: needs root (/proc/kpageflags, /proc/sys/vm/compact_memory)" >&2
	exit 1
fi
MC=${1:-build/memcompact}
WORK=${2:-$(mktemp -d /tmp/mc-validate.XXXXXX)}
command -v python3 >/dev/null || { echo "validate-whatif: needs python3" >&2; exit 1; }
mkdir -p "$WORK"
rm -rf "$WORK/before" "$WORK/after"

"$MC" snapshot -q -o "$WORK/before"
"$MC" whatif --compact -j "$WORK/before" > "$WORK/prediction.json"
cp /proc/vmstat "$WORK/vmstat.before"
if ! echo 1 2>"$WORK/compact.err" > /proc/sys/vm/compact_memory; then
	echo "validate-whatif: writing /proc/sys/vm/compact_memory failed: $(cat "$WORK/compact.err")" >&2
	exit 1
fi
cp /proc/vmstat "$WORK/vmstat.after"
"$MC" snapshot -q -o "$WORK/after"

python3 - "$WORK" <<'EOF'
import json, sys
work = sys.argv[1]
pred = json.load(open(work + "/prediction.json"))

def buddy(path):
    out = {}
    for line in open(path):
        f = line.split()
        if not f:
            continue
        out[(int(f[1].rstrip(',')), f[3])] = [int(x) for x in f[4:]]
    return out

def vmstat(path):
    return {l.split()[0]: int(l.split()[1]) for l in open(path) if l.strip()}

b0 = buddy(work + "/before/proc/buddyinfo")
b1 = buddy(work + "/after/proc/buddyinfo")
v0, v1 = vmstat(work + "/vmstat.before"), vmstat(work + "/vmstat.after")
hp = pred["huge_page_order"]

print("| zone | order | snapshot | predicted | kernel |")
print("|---|---|---|---|---|")
for z in pred["zones"]:
    key = (z["node"], z["zone"])
    p = z["buddyinfo_after"]
    for o in range(len(p)):
        print(f"| {z['node']} {z['zone']} | {o} | {b0[key][o]} | {p[o]} | {b1[key][o]} |")
    h0 = sum(c << (o - hp) for o, c in enumerate(b0[key]) if o >= hp)
    h1 = sum(c << (o - hp) for o, c in enumerate(b1[key]) if o >= hp)
    print(f"| {z['node']} {z['zone']} | huge pages | {h0} | {z['huge_pages_after']} | {h1} |")
print()
print("| counter (delta) | predicted | kernel |")
print("|---|---|---|")
for k in sorted(set(pred["counters"]) | {k for k in v1 if k.startswith(("compact_", "pgmigrate_"))}):
    kd = v1.get(k, 0) - v0.get(k, 0) if k in v1 else "n/a"
    print(f"| {k} | {pred['counters'].get(k, 'n/a')} | {kd} |")
print()
print(f"import: migratetypes {pred['import']['migratetypes']}, "
      f"buddyinfo match {pred['import']['buddyinfo_match']} "
      f"({pred['import']['buddyinfo_diffs']} differences), "
      f"{pred['import']['unknown_unflagged_pages']} unflagged pages taken as kernel")
EOF
echo "validate-whatif: files in $WORK" >&2
