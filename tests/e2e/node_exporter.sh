#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Prometheus node_exporter (Debian's prometheus-node-exporter) reads a run
# directory's proc tree: started on loopback with --path.procfs on two
# checkpoints, scraped, and its buddyinfo, zoneinfo and vmstat metrics
# checked against the run's own numbers (the buddyinfo the run printed,
# its series.jsonl row for the checkpoint).  Skipped (77) without the
# package; scripts/install-deps.sh installs it.
set -eu
MC=$1
SRC=${MC_SOURCE_DIR:?}
NE=$(command -v prometheus-node-exporter || true)
[ -n "$NE" ] || { echo "SKIP: prometheus-node-exporter is not installed"; exit 77; }
T=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$MC" run "$SRC/tests/data/scenarios/small.scen" -o "$T/run" > "$T/out" 2>&1 ||
	{ cat "$T/out"; fail "the run failed"; }

for cp in fragmented end; do
	root=$T/run/checkpoints/$cp
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	"$NE" --web.listen-address="127.0.0.1:$port" \
		--path.procfs="$root/proc" --path.sysfs="$root/sys" \
		--collector.disable-defaults --collector.buddyinfo \
		--collector.zoneinfo --collector.vmstat \
		--collector.vmstat.fields='.*' > "$T/ne.log" 2>&1 &
	pid=$!
	i=0
	until curl -sf "http://127.0.0.1:$port/metrics" > "$T/metrics.$cp"; do
		i=$((i + 1))
		[ $i -lt 100 ] || { cat "$T/ne.log"; fail "node_exporter did not answer"; }
		sleep 0.1
	done
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	pid=
	python3 - "$T/run" "$cp" "$T/metrics.$cp" "$T/out" <<'PY'
import json, re, sys
run, cp, metrics, out = sys.argv[1:5]
m = {}
for line in open(metrics):
    if line.startswith("#"):
        continue
    k, v = line.rsplit(" ", 1)
    m[k] = float(v)
def metric(name, **labels):
    key = name
    if labels:
        key += "{" + ",".join(f'{k}="{v}"' for k, v in sorted(labels.items())) + "}"
    if key not in m:
        raise SystemExit(f"{cp}: node_exporter has no {key}")
    return int(m[key])
for c in ("buddyinfo", "zoneinfo", "vmstat"):
    assert metric("node_scrape_collector_success", collector=c) == 1, c

# the buddyinfo the run printed at this checkpoint (log), zone by zone
text = open(out).read()
head = "== checkpoint %s at" % cp if cp != "end" else "== end at"
block = text[text.index(head):].split("\n\n")[0].splitlines()[1:]
zones = {}
for line in block:
    f = line.replace(",", " ").split()
    zones[(f[1], f[3])] = [int(x) for x in f[4:]]
assert zones, "no buddyinfo printed"
checked = 0
for (node, zone), counts in zones.items():
    for order, n in enumerate(counts):
        got = metric("node_buddyinfo_blocks", node=node, zone=zone, size=order)
        assert got == n, (cp, node, zone, order, got, n)
        checked += 1
    # zoneinfo's free pages of the zone are its free blocks' pages
    free = sum(n << o for o, n in enumerate(counts))
    zf = metric("node_zoneinfo_nr_free_pages", node=node, zone=zone)
    assert zf == free, (cp, zone, zf, free)

# the series row of this checkpoint: free pages and counters
rows = [json.loads(l) for l in open(run + "/series.jsonl")]
row = [r for r in rows if (r["event"] == "end" if cp == "end" else
       r["event"] == "checkpoint" and r.get("name") == cp)][0]
assert metric("node_vmstat_nr_free_pages") == row["nr_free_pages"]
assert sum(metric("node_zoneinfo_nr_free_pages", node=n, zone=z)
           for n, z in zones) == row["nr_free_pages"]
nonzero = 0
for name, v in row["counters"].items():
    got = metric("node_vmstat_" + name)
    assert got == v, (cp, name, got, v)
    nonzero += v > 0
if cp == "end":
    assert nonzero >= 4, "expected compaction and THP counters at the end"
print(f"{cp}: {checked} buddyinfo, {len(zones)} zoneinfo zones, "
      f"{len(row['counters'])} vmstat counters ({nonzero} non-zero) agree")
PY
done
echo "node_exporter: ok"
