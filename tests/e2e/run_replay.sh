# SPDX-License-Identifier: GPL-2.0-only
# memcompact run writes trace.txt; with the page allocator's events
# traced, memcompact replay of that trace on the same machine chooses the
# run's pfn for every allocation (the scenario's tasks, page cache, slab,
# kernel pages, THP faults, hugetlb, with compaction's migrations in
# brackets), and on another layout it does not.
. "$(dirname "$0")/lib.inc"
SC="$SRC/tests/data/scenarios/small.scen"

expect 0 "$MC" run -q --no-plots -o "$T/run" -e kmem:mm_page_alloc \
	-e kmem:mm_page_free -e kmem:mm_page_free_batched -e 'migrate:*' "$SC"
tr="$T/run/trace.txt"
[ -s "$tr" ] || { fail "run wrote no trace.txt"; finish; }
has "$tr" "# tracer: nop"
n=$(grep -vc '^#' "$tr")
has "$tr" "# entries-in-buffer/entries-written: $n/$n"
allocs=$(grep -c ' mm_page_alloc: ' "$tr")
frees=$(grep -c ' mm_page_free: ' "$tr")
batched=$(grep -c ' mm_page_free_batched: ' "$tr")
[ "$allocs" -gt 10000 ] || fail "only $allocs mm_page_alloc lines"
grep -q ' order=9 ' "$tr" || fail "no THP (order 9) allocation in the trace"
grep -q 'mm_migrate_pages_start' "$tr" || fail "no migration in the trace"
machine=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["machine"])' "$T/run/run.json")

expect 0 "$MC" replay -j -m "$machine" "$tr"
python3 - "$T/out" "$allocs" "$frees" "$batched" <<'PY' || fail "replay on the run's machine"
import json, sys
r = json.load(open(sys.argv[1]))
allocs, frees, batched = map(int, sys.argv[2:5])
e = r["events"]
assert (e["mm_page_alloc"], e["mm_page_free"], e["mm_page_free_batched"]) == (allocs, frees, batched), e
assert e["unknown_skipped"] == 0 and e["lost"] == 0, e
a = r["agreement"]
assert a["requests"] == allocs and a["agree"] == allocs, a
assert r["allocations"]["kernel_failed"] == 0 == r["allocations"]["memcompact_failed"]
assert r["first_divergence"] is None, r["first_divergence"]
print("run_replay: %d of %d allocations at the run's pfn" % (a["agree"], allocs))
PY
# another layout: the same requests land elsewhere
expect 0 "$MC" replay -j -m pc:1G,cpus=2 "$tr"
python3 - "$T/out" <<'PY' || fail "replay on another machine agreed"
import json, sys
a = json.load(open(sys.argv[1]))["agreement"]
assert a["agree"] < a["requests"] // 2, a
PY

finish
