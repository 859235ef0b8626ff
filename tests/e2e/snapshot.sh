#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# snapshot.sh - end to end: export, import, re-export, whatif, capture
# from a proc tree, the kernel's page-types reading an export, and the
# command's errors.  Usage: snapshot.sh MEMCOMPACT
set -eu
MC=$1
SRC=${MC_SOURCE_DIR:-$(dirname "$0")/../..}
T=$(mktemp -d /tmp/mc-e2e-snap.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }

# 1. a scenario's machine, exported; import + export again: identical
"$MC" run --default -m pc:512M,cpus=2 --thp 32 --export "$T/a" >/dev/null
"$MC" export -s "$T/a" -o "$T/b"
diff -r "$T/a" "$T/b" >/dev/null || fail "re-export differs"
ok "export -> import -> export is byte-identical (state, proc files, kpageflags)"

# 2. the same through .mcz
"$MC" export -s "$T/a" --mcz -o "$T/c"
[ -f "$T/c/proc/kpageflags.mcz" ] || fail "no kpageflags.mcz"
"$MC" export -s "$T/c" -o "$T/d"
diff -r "$T/a" "$T/d" >/dev/null || fail "re-export through .mcz differs"
ok "export --mcz round trip is byte-identical"

# 3. kernel files only (no state): buddyinfo still reproduced
"$MC" export -s "$T/a" --no-state -o "$T/e"
"$MC" export -s "$T/e" --no-state -o "$T/f"
cmp "$T/e/proc/buddyinfo" "$T/f/proc/buddyinfo" || fail "inferred import changed buddyinfo"
ok "import from kernel files only reproduces buddyinfo"

# 4. whatif: deterministic text, JSON and pictures
"$MC" whatif -p "$T/m1" "$T/a" > "$T/w1.txt"
"$MC" whatif -p "$T/m2" "$T/a" > "$T/w2.txt"
"$MC" whatif -p "$T/m3" --map-pages "$T/a" > /dev/null
head -c 8 "$T/m3-after.png" | od -An -c | grep -q "P   N   G" || fail "--map-pages: not a PNG"
cmp "$T/w1.txt" "$T/w2.txt" || fail "whatif text not deterministic"
cmp "$T/m1-after.png" "$T/m2-after.png" || fail "page map not deterministic"
grep -q "^huge pages (order 9) obtainable: " "$T/w1.txt" || fail "no huge page line"
grep -q "^blocked pageblocks" "$T/w1.txt" || fail "no blocker list"
head -c 8 "$T/m1-before.png" | od -An -c | grep -q "P   N   G" || fail "not a PNG"
"$MC" whatif -j --moves "$T/a" > "$T/w.json"
if command -v python3 >/dev/null; then
	python3 - "$T/w.json" <<'PY' || fail "whatif JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["operation"] == "compact_memory"
assert d["huge_pages_after"] >= d["huge_pages_before"]
# every migrated page appears once in the move list
assert sum(1 << m["order"] for m in d["moves"]) == d["pages_migrated"]
assert d["counters"]["pgmigrate_success"] == d["pages_migrated"]
assert sum(d["blocker_summary"].values()) == sum(z["pageblocks"] for z in d["zones"])
PY
fi
ok "whatif is deterministic; JSON consistent (moves, counters, blockers)"

# 4b. the blocker report against the state after the operation, read
# independently (whatif -e exports it)
if command -v python3 >/dev/null; then
	for op in --compact "--alloc 9:40" "--huge 20"; do
		rm -rf "$T/after"
		# shellcheck disable=SC2086
		rm -f "$T/wbmap-after.png"
		"$MC" whatif $op -j -p "$T/wbmap" -e "$T/after" "$T/a" > "$T/wb.json"
		# the picture too, unless built without libpng
		png=; [ -f "$T/wbmap-after.png" ] && png="$T/wbmap-after.png"
		# shellcheck disable=SC2086
		python3 "$SRC/tests/e2e/blockers.py" "$T/after" "$T/wb.json" $png >> "$T/wb.txt" ||
			fail "blockers after $op"
	done
	if [ "${MC_TEST_SCALE:-}" != small ]; then
		rm -rf "$T/after"
		"$MC" whatif -j -e "$T/after" "$SRC/tests/data/snapshots/real-6.18-firecracker" > "$T/wr.json"
		python3 "$SRC/tests/e2e/blockers.py" "$T/after" "$T/wr.json" > "$T/wr.txt" ||
			fail "blockers of the checked-in real snapshot"
	fi
	ok "whatif's blocked pageblocks, reasons and page map = the exported after-state's (--compact: $(head -1 "$T/wb.txt"))"
fi

"$MC" whatif --huge 16 "$T/a" > "$T/h.txt"
grep -q "^operation: 16 THP faults of order 9: " "$T/h.txt" || fail "--huge"
"$MC" whatif --alloc 4:50 --gfp GFP_KERNEL "$T/a" > "$T/k.txt"
grep -q "^operation: 50 allocations of order 4: " "$T/k.txt" || fail "--alloc"
"$MC" whatif --contig-pages 1024:2 "$T/a" > "$T/q.txt"
grep -q "^operation: 2 alloc_contig_pages of 1024 pages: " "$T/q.txt" || fail "--contig-pages"
if command -v python3 >/dev/null; then
	# a pageblock of DMA32 holding only movable pages (anon or file,
	# not pinned, not under writeback), from the state file: the range
	# allocation must succeed and move every one of its pages out
	python3 - "$T/a/memcompact.state" > "$T/range" <<'PY' || fail "no movable pageblock"
import sys
blocks = {}
for line in open(sys.argv[1]):
    f = line.split()
    if f[0] == "a":
        pfn, order, kind, flags = int(f[1], 16), int(f[2]), int(f[3]), int(f[4], 16)
        pb = pfn >> 9
        ok = kind in (3, 4) and not flags & (1 << 8) and not flags & (1 << 4)
        n, good = blocks.get(pb, (0, True))
        blocks[pb] = (n + (1 << order), good and ok)
for pb in sorted(blocks):
    n, good = blocks[pb]
    if good and n > 64 and 0x1000 <= pb << 9 < 0x100000:
        print(f"{pb << 9:#x}-{(pb + 1) << 9:#x} {n}")
        break
else:
    sys.exit(1)
PY
	read -r range npages < "$T/range"
	"$MC" whatif -j --contig "$range" "$T/a" > "$T/r.json"
	python3 - "$T/r.json" "$npages" <<'PY' || fail "--contig $range JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["operation"] == "alloc_contig_range", d["operation"]
assert d["result"] == 0, d["result"]
# every allocated page of the range moved out, each once
assert d["pages_migrated"] == int(sys.argv[2]), (d["pages_migrated"], sys.argv[2])
assert d["counters"]["pgmigrate_success"] == int(sys.argv[2])
PY
fi
set +e
"$MC" whatif --contig 0x10-0x90000000 "$T/a" 2>/dev/null; rc=$?
set -e
[ $rc = 2 ] || fail "--contig outside the machine: rc $rc"
ok "whatif --huge, --alloc, --contig, --contig-pages"

# 5. capture from an exported proc tree (no root needed)
mkdir -p "$T/sysfs/kernel/mm/transparent_hugepage"
echo "always madvise [never]" > "$T/sysfs/kernel/mm/transparent_hugepage/enabled"
echo "always defer [defer+madvise] madvise never" > "$T/sysfs/kernel/mm/transparent_hugepage/defrag"
"$MC" snapshot -q --proc "$T/a/proc" --debugfs "$T/none" --sysfs "$T/sysfs" -o "$T/s"
grep -q "^source: live" "$T/s/manifest" || fail "manifest"
grep -q "^file: sys/sysfs 2 settings" "$T/s/manifest" || fail "THP settings not captured"
grep -q "^kernel/mm/transparent_hugepage/enabled = always madvise \[never\]$" "$T/s/sys/sysfs" || fail "sys/sysfs"
"$MC" export -s "$T/s" -o "$T/s2"
grep -qx "kernel/mm/transparent_hugepage/enabled = always madvise \[never\]" "$T/s2/sys/sysfs" || fail "THP enabled not imported"
grep -qx "kernel/mm/transparent_hugepage/defrag = always defer \[defer+madvise\] madvise never" "$T/s2/sys/sysfs" || fail "THP defrag not imported"
"$MC" snapshot -q --proc "$T/a/proc" --debugfs "$T/none" --sysfs "$T/none" -o "$T/s3"
grep -q "^missing: sys/sysfs: " "$T/s3/manifest" || fail "missing THP settings not said"
[ ! -e "$T/s3/sys/sysfs" ] || fail "empty sys/sysfs left"
grep -q "^missing: page_owner: " "$T/s/manifest" || fail "page_owner reason"
"$MC" whatif "$T/s" > "$T/ws.txt"
grep -q "buddyinfo matches the snapshot exactly" "$T/ws.txt" || fail "capture of an export does not reproduce buddyinfo"
ok "snapshot --proc of an export imports with buddyinfo exact"

# 6. one archive: .tgz and .tar, deterministic, read back, truncation named
"$MC" export -s "$T/a" -o "$T/a1.tgz"
"$MC" export -s "$T/a" -o "$T/a2.tgz"
cmp "$T/a1.tgz" "$T/a2.tgz" || fail "archive not deterministic"
"$MC" export -s "$T/a1.tgz" -o "$T/a3.tar"
mkdir "$T/x" && tar xf "$T/a3.tar" -C "$T/x"
diff -r "$T/a" "$T/x" >/dev/null || fail "archive round trip differs"
head -c 20000 "$T/a3.tar" > "$T/cut.tar"
set +e
"$MC" whatif "$T/cut.tar" 2> "$T/err"; rc=$?
set -e
[ $rc = 1 ] && grep -q "cut.tar: offset .*truncated archive" "$T/err" || fail "truncated archive: $(cat "$T/err")"
cp "$T/a3.tar" "$T/bad.tar"
printf 'X' | dd of="$T/bad.tar" bs=1 seek=1 conv=notrunc 2>/dev/null
set +e
"$MC" whatif "$T/bad.tar" 2> "$T/err"; rc=$?
set -e
[ $rc = 1 ] && grep -q "bad.tar: offset 0: tar header checksum" "$T/err" || fail "damaged tar header: $(cat "$T/err")"
ok "archives (.tgz, .tar): deterministic, round trip identical, truncation named"

# 7. the kernel's page-types reads an export (when its source is here)
for k in "${MC_KSRC:-}" /work/ksrc/linux-source-6.12 /usr/src/linux-source-6.12; do
	[ -n "$k" ] && [ -f "$k/tools/mm/page-types.c" ] && KSRC=$k && break
done
if [ -n "${KSRC:-}" ] && command -v cc >/dev/null; then
	mkdir -p "$T/pt/api/fs"
	echo 'const char *debugfs__mount(void);' > "$T/pt/api/fs/fs.h"
	echo 'const char *debugfs__mount(void) { return 0; }' > "$T/pt/stub.c"
	cc -w -O1 -I"$T/pt" -o "$T/page-types" "$KSRC/tools/mm/page-types.c" "$T/pt/stub.c"
	"$T/page-types" -F "$T/a/proc/kpageflags" > "$T/pt.txt"
	pfns=$(sed -n 's/^pfns: //p' "$T/a/manifest")
	total=$(awk '$1 == "total" { print $2 }' "$T/pt.txt")
	[ "$total" = "$pfns" ] || fail "page-types total $total, export has $pfns pfns"
	buddy=$(awk '$NF ~ /(^|,)buddy$/ || $NF == "buddy" { s += $2 } END { print s + 0 }' "$T/pt.txt")
	free=$(awk '{ for (o = 5; o <= NF; o++) s += $o * 2 ^ (o - 5) } END { print s }' "$T/a/proc/buddyinfo")
	[ "$buddy" = "$free" ] || fail "page-types counts $buddy buddy pages, buddyinfo $free"
	ok "page-types -F reads the export: $total pfns, $buddy buddy pages = buddyinfo"
else
	echo "ok $((n + 1)) # SKIP page-types: no kernel source"
	n=$((n + 1))
fi

# 7b. node_exporter reads an export's proc tree (when it is installed)
NE=$(command -v prometheus-node-exporter || command -v node_exporter || true)
if [ -n "$NE" ] && command -v curl >/dev/null; then
	port=$((20000 + $$ % 20000))
	"$NE" --path.procfs="$T/a/proc" --web.listen-address=127.0.0.1:$port \
		--collector.disable-defaults --collector.buddyinfo \
		--collector.vmstat --collector.vmstat.fields="^(pgmigrate|compact)_.*" \
		--collector.zoneinfo >"$T/ne.log" 2>&1 &
	ne=$!
	for i in 1 2 3 4 5 6 7 8 9 10; do
		curl -sf "127.0.0.1:$port/metrics" > "$T/metrics" 2>/dev/null && break
		sleep 0.5
	done
	kill $ne 2>/dev/null || true
	wait $ne 2>/dev/null || true
	# node_buddyinfo_blocks per (zone, order) against the file
	awk '{ for (o = 5; o <= NF; o++) printf "%s %s %d %s\n", $2, $4, o - 5, $o }' \
		"$T/a/proc/buddyinfo" | tr -d , | sort > "$T/bi.want"
	sed -n 's/^node_buddyinfo_blocks{node="\([0-9]*\)",size="\([0-9]*\)",zone="\([A-Za-z0-9]*\)"} \([0-9]*\)$/\1 \3 \2 \4/p' \
		"$T/metrics" | sort > "$T/bi.got"
	[ -s "$T/bi.got" ] || fail "node_exporter gave no buddyinfo: $(tail -3 "$T/ne.log")"
	cmp -s "$T/bi.want" "$T/bi.got" || fail "node_exporter's buddyinfo differs from the export's"
	want=$(awk '$1 == "pgmigrate_success" { print $2 }' "$T/a/proc/vmstat")
	grep -q "^node_vmstat_pgmigrate_success $want\$" "$T/metrics" ||
		fail "node_exporter's pgmigrate_success is not $want"
	grep -q '^node_zoneinfo_managed_pages{node="0",zone="DMA32"}' "$T/metrics" ||
		fail "node_exporter read no zoneinfo"
	ok "node_exporter --path.procfs reads the export: $(wc -l < "$T/bi.got") buddyinfo counts equal, vmstat, zoneinfo"
else
	n=$((n + 1))
	echo "ok $n # SKIP node_exporter: not installed"
fi

# 7c. this machine, live, when /proc/kpageflags is readable (root): every
# capture imports into a consistent machine; a quiet capture (buddyinfo
# the same before and after the pfn walk) must reproduce buddyinfo exactly
if [ -r /proc/kpageflags ]; then
	tries=3
	[ "${MC_TEST_SCALE:-}" = small ] && tries=1
	quiet=0
	for i in $(seq $tries); do
		rm -rf "$T/live"
		"$MC" snapshot -q -o "$T/live"
		"$MC" whatif --alloc 0:1 --blockers 0 "$T/live" > "$T/wl.txt" ||
			fail "live capture $i does not import"
		if grep -q "^buddyinfo_moved: no" "$T/live/manifest"; then
			quiet=1
			grep -q "buddyinfo matches the snapshot exactly" "$T/wl.txt" ||
				fail "quiet live capture: $(sed -n 2p "$T/wl.txt")"
			break
		fi
	done
	if [ $quiet = 1 ]; then
		ok "live capture of this machine: buddyinfo reproduced exactly"
	else
		ok "live capture of this machine imports ($tries captures, none quiet: $(sed -n 2p "$T/wl.txt" | cut -c1-70))"
	fi
else
	n=$((n + 1))
	echo "ok $n # SKIP live capture: /proc/kpageflags not readable (not root)"
fi

# 8. errors: exit codes and messages naming the input
set +e
"$MC" whatif "$T/nothere" 2> "$T/err"; rc=$?
[ $rc = 1 ] && grep -q "nothere/manifest" "$T/err" || fail "missing snapshot: rc $rc $(cat "$T/err")"
"$MC" whatif 2>/dev/null; [ $? = 2 ] || fail "whatif without args"
"$MC" whatif --alloc x "$T/a" 2>/dev/null; [ $? = 2 ] || fail "bad --alloc"
"$MC" snapshot 2>/dev/null; [ $? = 2 ] || fail "snapshot without -o"
"$MC" export -m pc:1G -o "$T/a" 2> "$T/err"; rc=$?
[ $rc = 1 ] && grep -q "not empty" "$T/err" || fail "export over a snapshot"
cp -r "$T/c" "$T/bad"
head -c 1000 "$T/c/proc/kpageflags.mcz" > "$T/bad/proc/kpageflags.mcz"
"$MC" whatif "$T/bad" 2> "$T/err"; rc=$?
[ $rc = 1 ] && grep -q "kpageflags.mcz: offset" "$T/err" || fail "truncated .mcz: $(cat "$T/err")"
set -e
for c in snapshot export whatif; do
	"$MC" $c --help | grep -q "^usage: memcompact $c" || fail "$c --help"
done
ok "errors name the input and exit 1; usage errors exit 2; --help"
echo "$n passed, 0 failed"
