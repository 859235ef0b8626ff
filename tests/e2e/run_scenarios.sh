#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# memcompact run: good scenario files (a file, every built-in), bad
# scenario files (exit 1, file:line and the problem on stderr), bad
# options (exit 2), the run directory's contents checked against the
# run's own output, and 'run --default' as the README runs it.
set -eu
MC=$1
SRC=${MC_SOURCE_DIR:?}
DATA=$SRC/tests/data/scenarios
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# expect STATUS PATTERN -- command...: exit status and a line of stderr
expect() {
	want=$1 pat=$2
	shift 3
	set +e
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	set -e
	[ "$got" -eq "$want" ] || { cat "$T/err" >&2; fail "$*: exit $got, want $want"; }
	grep -q -- "$pat" "$T/err" || { cat "$T/err" >&2; fail "$*: stderr lacks '$pat'"; }
}

# ---- bad scenario files: exit 1, file:line: problem
expect 1 "bad-undefined.scen:4: task 'ap' is not defined" -- \
	"$MC" run "$DATA/bad-undefined.scen"
expect 1 "bad-machine.scen:3: machine: .*unknown size suffix 'X'" -- \
	"$MC" run "$DATA/bad-machine.scen"
expect 1 "bad-repeat.scen:2: 'repeat' is not closed by 'end'" -- \
	"$MC" run "$DATA/bad-repeat.scen"
# a run-time error: the steps before it ran, the run stops at its line
expect 1 "bad-runtime.scen:5: sysctl: vm.extfrag_threshold = 5000: rejected: Invalid argument" -- \
	"$MC" run "$DATA/bad-runtime.scen"
grep -q "line 4 .*touch .*1024/1024" "$T/out" || fail "steps before the error did not run"
expect 1 "no-such-file.scen: No such file" -- "$MC" run "$T/no-such-file.scen"
printf 'cma 3M\n' > "$T/cma.scen"
expect 1 "cma.scen:1: cma: " -- "$MC" run "$T/cma.scen"

# ---- bad options: exit 2
expect 2 "no scenario file or built-in scenario named 'nonesuch'" -- \
	"$MC" run nonesuch
expect 2 "nothing to run" -- "$MC" run
expect 2 "one scenario at a time" -- "$MC" run small other
expect 2 "--seed: 'x' is not a number" -- "$MC" run -s x small
expect 2 "--show: no built-in scenario" -- "$MC" run --show nonesuch
expect 2 "unrecognized option" -- "$MC" run --frobnicate small
expect 2 "no such events" -- "$MC" run -o "$T/x" -e nosuch:event "$DATA/small.scen"

# ---- the built-ins: listed, shown verbatim, and each parses and names
# its source file's text
"$MC" run --list > "$T/list"
for f in "$SRC"/scenarios/*.scen; do
	n=$(basename "$f" .scen)
	grep -q "^$n " "$T/list" || fail "--list lacks $n"
	"$MC" run --show "$n" | cmp -s - "$f" || fail "--show $n differs from $f"
done
[ "$(wc -l < "$T/list")" -eq "$(ls "$SRC"/scenarios/*.scen | wc -l)" ] ||
	fail "--list count"

# ---- a good file with a run directory
"$MC" run "$DATA/small.scen" -o "$T/run" > "$T/out" 2> "$T/err" ||
	{ cat "$T/err"; fail "small.scen failed"; }
grep -q "invariant check: 0 violations" "$T/out" || fail "invariants"
for f in scenario.scen run.json log.txt series.csv series.jsonl trace.txt \
	 report.html plots/free_blocks.gp plots/fragmentation.gp \
	 plots/compaction.gp; do
	[ -s "$T/run/$f" ] || fail "run directory lacks $f"
done
cmp -s "$T/run/scenario.scen" "$DATA/small.scen" || fail "scenario.scen"
for cp in filled fragmented after end; do
	d=$T/run/checkpoints/$cp
	for f in proc/buddyinfo proc/pagetypeinfo proc/zoneinfo proc/vmstat \
		 sys/kernel/debug/extfrag/extfrag_index \
		 sys/kernel/debug/extfrag/unusable_index \
		 proc/sys/vm/compaction_proactiveness \
		 sys/kernel/mm/transparent_hugepage/enabled; do
		[ -s "$d/$f" ] || fail "$cp lacks $f"
	done
done
[ "$(cat "$T/run/checkpoints/end/proc/sys/vm/compaction_proactiveness")" = 20 ] ||
	fail "proc/sys/vm/compaction_proactiveness"
grep -q '\[madvise\]' "$T/run/checkpoints/end/sys/kernel/mm/transparent_hugepage/enabled" ||
	fail "transparent_hugepage/enabled"
# the buddyinfo printed at a checkpoint is the file of that checkpoint
awk '/^== checkpoint fragmented/{p=1;next} p&&/^Node/{print} p&&/^$/{exit}' \
	"$T/out" > "$T/printed"
cmp -s "$T/printed" "$T/run/checkpoints/fragmented/proc/buddyinfo" ||
	fail "printed buddyinfo differs from checkpoints/fragmented/proc/buddyinfo"
# the series: the checkpoint rows' nr_free_pages are the vmstat files'
for cp in filled fragmented after; do
	want=$(awk '$1=="nr_free_pages"{print $2}' "$T/run/checkpoints/$cp/proc/vmstat")
	line=$(grep -n "^checkpoint $cp\$" "$DATA/small.scen" | cut -d: -f1)
	got=$(awk -F, -v l="$line" '$2=="checkpoint" && $3==l {print $4}' "$T/run/series.csv")
	[ "$got" = "$want" ] || fail "series.csv nr_free_pages at $cp: $got, vmstat $want"
done
# one JSON object per line, as many as CSV rows
python3 - "$T/run" <<'PY'
import json, sys, csv
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/series.csv")))
js = [json.loads(l) for l in open(d + "/series.jsonl")]
assert len(rows) == len(js), (len(rows), len(js))
for r, j in zip(rows, js):
    assert r["event"] == j["event"] and int(r["nr_free_pages"]) == j["nr_free_pages"]
    assert [int(r["free_blocks_order%d" % o]) for o in range(len(j["free_blocks"]))] == j["free_blocks"]
    assert int(r["compact_stall"]) == j["counters"]["compact_stall"]
    # free blocks per order add up to the free pages of the zones
    assert sum(b << o for o, b in enumerate(j["free_blocks"])) == j["nr_free_pages"]
# a checkpoint's row: extfrag/unusable index at pageblock_order (9) as
# the checkpoint's debugfs files print them, and the proactive score
# worked out from its buddyinfo and zoneinfo (fragmentation_score_node:
# sum of present * extfrag%(order 9) / (node present + 1) per zone)
def table(path):
    t = {}
    for l in open(path):
        f = l.split()
        t[(int(f[1].rstrip(",")), f[3])] = f[4:]
    return t
for j in js:
    if j["event"] not in ("checkpoint", "end"):
        continue
    cp = d + "/checkpoints/" + (j["name"] if j["event"] == "checkpoint" else "end")
    ei = table(cp + "/sys/kernel/debug/extfrag/extfrag_index")
    ui = table(cp + "/sys/kernel/debug/extfrag/unusable_index")
    for z in j["zones"]:
        k = (z["node"], z["zone"])
        assert round(float(ei[k][9]) * 1000) == z["extfrag_index"], (cp, k, ei[k][9], z)
        assert round(float(ui[k][9]) * 1000) == z["unusable_index"], (cp, k, ui[k][9], z)
    bi = {k: [int(x) for x in v] for k, v in table(cp + "/proc/buddyinfo").items()}
    present, node = {}, None
    for l in open(cp + "/proc/zoneinfo"):
        f = l.split()
        if f[:1] == ["Node"]:
            node = (int(f[1].rstrip(",")), f[3])
        elif f[:1] == ["present"]:
            present[node] = int(f[1])
    nodes = sorted({k[0] for k in present})
    for n in nodes:
        tot = sum(v for k, v in present.items() if k[0] == n)
        score = 0
        for k, blocks in bi.items():
            if k[0] != n:
                continue
            free = sum(b << o for o, b in enumerate(blocks))
            suit = sum(b << (o - 9) for o, b in enumerate(blocks) if o >= 9)
            pct = (free - (suit << 9)) * 100 // free if free else 0
            score += present[k] * pct // (tot + 1)
        assert j["fragmentation_score"][n] == score, (cp, n, j["fragmentation_score"], score)
run = json.load(open(d + "/run.json"))
assert run["seed"] == 5 and run["scenario"] == "small"
assert [c["name"] for c in run["checkpoints"]] == ["filled", "fragmented", "after", "end"]
steps = {s["line"]: s for s in run["steps"]}
assert steps[29]["op"] == "dma" and steps[29]["done"] == 1024, steps[29]
assert steps[28]["op"] == "hugetlb" and steps[28]["done"] == 1024, steps[28]
PY
# the trace: ftrace's header and its entry count
n=$(grep -vc '^#' "$T/run/trace.txt")
grep -q "^# entries-in-buffer/entries-written: $n/$n" "$T/run/trace.txt" ||
	fail "trace.txt header does not count its $n lines"
grep -q "mm_compaction_begin\|cma_alloc_start" "$T/run/trace.txt" || fail "trace events"

# ---- -j: one JSON object on stdout (nothing else), its numbers those of
# the run directory written by the same run
"$MC" run -j -s 5 "$DATA/small.scen" -o "$T/runj" > "$T/json" 2> "$T/err" ||
	{ cat "$T/err"; fail "run -j failed"; }
python3 - "$T/json" "$T/runj" <<'PY' || fail "run -j summary"
import json, sys
j = json.load(open(sys.argv[1]))       # fails on any text around it
d = sys.argv[2]
assert j["seed"] == 5 and j["scenario"] == "small" and j["ok"] is True, j
assert j["run_dir"] == d and j["invariant_violations"] == 0
assert [c["name"] for c in j["checkpoints"]] == ["filled", "fragmented", "after", "end"]
rows = [json.loads(l) for l in open(d + "/series.jsonl")]
for c in j["checkpoints"]:
    vm = dict(l.split() for l in open(d + "/checkpoints/%s/proc/vmstat" % c["name"]))
    assert c["nr_free_pages"] == int(vm["nr_free_pages"]), c
    bi = [l.split()[4:] for l in open(d + "/checkpoints/%s/proc/buddyinfo" % c["name"])]
    assert c["free_blocks"] == [sum(int(z[o]) for z in bi) for o in range(len(bi[0]))], c
    r = [r for r in rows if r["event"] == ("end" if c["name"] == "end" else "checkpoint")
         and r.get("name", "end") == c["name"]][0]
    assert c["fragmentation_score"] == r["fragmentation_score"], (c, r)
vm = dict(l.split() for l in open(d + "/checkpoints/end/proc/vmstat"))
for k, v in j["counters"].items():
    assert v == int(vm[k]), (k, v, vm[k])
# 'hugepages 4' (line 27); 'dma frames 2M count=2 cma=frames': 2 x 512 pages
assert j["hugetlb"]["nr"] == 4 == int(open(d + "/checkpoints/end/proc/sys/vm/nr_hugepages").read())
assert [(c["name"], c["pages"], c["alloc_success"]) for c in j["cma"]] == [("frames", 8192, 1024)], j["cma"]
PY
expect 2 "--default prints text only" -- "$MC" run --default -j
expect 2 "--cpus: 0 is out of range" -- "$MC" run --cpus 0 small

# ---- the README's first command
"$MC" run --default > "$T/default" || fail "run --default"
grep -q "^== after vm.compact_memory=1" "$T/default" || fail "run --default output"
grep -q "invariant check: 0 violations" "$T/default" || fail "run --default invariants"
echo "run_scenarios: ok"
