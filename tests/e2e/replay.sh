# SPDX-License-Identifier: GPL-2.0-only
# memcompact replay end to end: the hand-worked trace (every pfn agrees,
# the end state worked out by hand), a real kernel's trace (its events
# counted independently with grep), stdin, JSON, and bad input.
. "$(dirname "$0")/lib.inc"
D="$SRC/tests/data/replay"

# hand-worked: 13 allocations, all agree; buddyinfo by hand (the trace's
# header explains each number)
expect 0 "$MC" replay -z "$D/tiny.zoneinfo" "$D/hand.trace"
has "$T/out" "agreement    13 of 13 allocations (100.00%)"
has "$T/out" "first divergence: none"
has "$T/out" "Node 0, zone   Normal      1      1      1      1      1      1      1      0      1      0      6 "
has "$T/out" "nr_free_pages 6527"
expect 0 "$MC" replay -j -z "$D/tiny.zoneinfo" "$D/hand.trace"
python3 - "$T/out" <<'PY' || fail "hand.trace -j"
import json, sys
d = json.load(open(sys.argv[1]))
a = d["agreement"]
assert a["agree"] == 13 and a["requests"] == 13 and a["rate"] == 1, a
assert d["first_divergence"] is None
z = d["end"]["zones"]
assert len(z) == 1 and z[0]["zone"] == "Normal", z
assert z[0]["buddyinfo"] == [1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 6], z
assert z[0]["free_pages"] == 6527
assert d["end"]["counters"]["nr_free_pages"] == 6527
PY
# the same from stdin, byte for byte but the name
expect 0 "$MC" replay -j -z "$D/tiny.zoneinfo" - <"$D/hand.trace"
sed 's/"trace": "[^"]*"/"trace": X/' "$T/out" >"$T/a"
"$MC" replay -j -z "$D/tiny.zoneinfo" "$D/hand.trace" |
	sed 's/"trace": "[^"]*"/"trace": X/' >"$T/b"
cmp -s "$T/a" "$T/b" || fail "replay from stdin differs"

# one pfn changed: the divergence is found at that line, with context
sed 's/pfn=0x8220 order=5 migratetype=1/pfn=0x8230 order=5 migratetype=1/' \
	"$D/hand.trace" >"$T/changed.trace"
line=$(grep -n 'pfn=0x8230 order=5' "$T/changed.trace" | cut -d: -f1)
expect 0 "$MC" replay -z "$D/tiny.zoneinfo" "$T/changed.trace"
has "$T/out" "first divergence: $T/changed.trace:$line: mm_page_alloc order=5"
has "$T/out" "kernel: pfn 0x8230; memcompact: pfn 0x8220"
has "$T/out" ">  $(printf '%5d' "$line") |"

# a real 6.18 kernel's trace on its own layout: every event read, counts
# as grep counts them; the end state is consistent (allocations minus
# frees of traced blocks are held)
R="$D/real-6.18.trace"
expect 0 "$MC" replay -j -z "$D/real-6.18.zoneinfo" "$R"
n_alloc=$(grep -c ': mm_page_alloc: ' "$R")
n_free=$(grep -c ': mm_page_free: ' "$R")
n_batched=$(grep -c ': mm_page_free_batched: ' "$R")
python3 - "$T/out" "$n_alloc" "$n_free" "$n_batched" <<'PY' || fail "real trace -j"
import json, sys
d = json.load(open(sys.argv[1]))
na, nf, nb = map(int, sys.argv[2:5])
e = d["events"]
assert (e["mm_page_alloc"], e["mm_page_free"], e["mm_page_free_batched"]) == (na, nf, nb), e
al, fr = d["allocations"], d["frees"]
assert al["replayed"] == na and al["kernel_ok"] + al["kernel_failed"] == na
assert fr["replayed"] == nf + fr["free_batched_alone"]
placed = fr["freed_a_block"] + fr["of_failed_allocations"]
assert placed + fr["before_the_trace"] + fr["given_back_by_compaction"] + fr["partial"] == fr["replayed"], fr
assert d["end"]["traced_blocks_held"] == al["memcompact_ok"] - fr["freed_a_block"], d["end"]
assert 0 <= d["agreement"]["rate"] <= 1
PY
expect 0 "$MC" replay -q -z "$D/real-6.18.zoneinfo" "$R"
has "$T/out" "allocations  $n_alloc: kernel $n_alloc ok"
[ -s "$T/err" ] && fail "replay -q wrote to stderr"

# perf script text of the same events
awk '/^ *#/ || NF == 0 { next }
{ split($1, tp, "-"); pid = tp[length(tp)]; comm = substr($1, 1, length($1) - length(pid) - 1)
  ts = $4; sub(/:$/, "", ts); ev = $5; sub(/:$/, "", ev); rest = ""; for (i = 6; i <= NF; i++) rest = rest " " $i
  printf "%16s %7d %s %12s: kmem:%s:%s\n", comm, pid, $2, ts, ev, rest }' "$R" >"$T/perf.txt"
expect 0 "$MC" replay -j -z "$D/real-6.18.zoneinfo" "$T/perf.txt"
python3 - "$T/out" "$n_alloc" <<'PY' || fail "perf script text"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["events"]["mm_page_alloc"] == int(sys.argv[2]), d["events"]
PY

# bad input: the file and line named, exit 1
printf '# tracer: nop\n  a-1 [000] ..... 1.0: mm_page_free: pfn=0x1 order=0\n  a-1 [000] ..... 1.0: mm_page_free: pfn=0x1\n' >"$T/bad.trace"
expect 1 "$MC" replay -z "$D/tiny.zoneinfo" "$T/bad.trace"
has "$T/err" "$T/bad.trace:3: mm_page_free: no order= field"
printf 'a-1 [000] ..... 1.0: sched_switch: prev_comm=a\n' >"$T/unknown.trace"
expect 1 "$MC" replay -z "$D/tiny.zoneinfo" "$T/unknown.trace"
has "$T/err" "$T/unknown.trace:1: unknown event 'sched_switch'"
expect 0 "$MC" replay --skip-unknown -z "$D/tiny.zoneinfo" "$T/unknown.trace"
has "$T/err" "1 events of unknown kinds skipped (the first: sched_switch)"
printf 'a-1 [007] ..... 1.0: mm_page_free: pfn=0x8000 order=0\n' >"$T/cpu7.trace"
expect 1 "$MC" replay -z "$D/tiny.zoneinfo" "$T/cpu7.trace"
has "$T/err" "$T/cpu7.trace:1: the trace has events on CPU 7; the machine has 1 CPUs"
printf 'a\0b\n' >"$T/binary.trace"
expect 1 "$MC" replay -z "$D/tiny.zoneinfo" "$T/binary.trace"
has "$T/err" "a NUL byte"
expect 1 "$MC" replay "$T/nonexistent.trace"
has "$T/err" "cannot open $T/nonexistent.trace"
expect 2 "$MC" replay
expect 2 "$MC" replay a b
has "$T/err" "one trace at a time"
expect 2 "$MC" replay --context -1 "$D/hand.trace"

finish
