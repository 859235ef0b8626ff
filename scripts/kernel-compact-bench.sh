#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# kernel-compact-bench.sh - the kernel's own compaction next to an arena's.
#
#   sudo scripts/kernel-compact-bench.sh [MIB] [BUILD_DIR]
#
# Fragments MIB MiB (default 2048) of this machine's memory as bench_arena
# fragments an arena (build/kernel_fragment: write every page, give back 3
# of every 4 pages of each 2 MiB, hold the rest), then times the kernel's
# vm.compact_memory (a write of 1 to /proc/sys/vm/compact_memory returns
# when every zone is compacted) and reads pgmigrate_success and the
# scanner counters from /proc/vmstat before and after.  Then runs the
# arena's compaction of the same amount of memory fragmented the same way
# (bench_arena --compact MIB) and prints both throughputs and their ratio.
# The kernel compacts all of memory, not only the fragmented part: its
# pages/s counts every page it migrated, whosever it was.  Needs root; not
# part of the test suite (it disturbs the whole machine).
set -eu

MIB=${1:-2048}
BUILD=${2:-build}
[ "$(id -u)" -eq 0 ] || { echo "kernel-compact-bench: run as root" >&2; exit 1; }
[ -w /proc/sys/vm/compact_memory ] ||
	{ echo "kernel-compact-bench: /proc/sys/vm/compact_memory is not writable" >&2; exit 1; }
for b in kernel_fragment bench_arena; do
	[ -x "$BUILD/$b" ] || { echo "kernel-compact-bench: build $BUILD/$b first (make)" >&2; exit 1; }
done

vmstat() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }
now_ns() { date +%s%N; }

fifo=$(mktemp -u /tmp/kcb.XXXXXX)
mkfifo "$fifo"
out=$(mktemp /tmp/kcb.out.XXXXXX)
trap 'rm -f "$fifo" "$out"' EXIT
"$BUILD/kernel_fragment" "$MIB" <"$fifo" >"$out" &
pid=$!
exec 3>"$fifo"		# holds the helper's stdin open
while ! grep -q ready "$out" 2>/dev/null; do
	kill -0 "$pid" 2>/dev/null || { echo "kernel-compact-bench: helper failed" >&2; exit 1; }
	sleep 0.1
done
held=$(awk '/ready/ { print $2 }' "$out")

echo "host: $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ { print $2 / 1048576 " GiB" }' /proc/meminfo)"
echo "fragmented: $MIB MiB, $held pages held (1 of 4 per 2 MiB)"
echo "buddyinfo before:"; sed 's/^/  /' /proc/buddyinfo
m0=$(vmstat pgmigrate_success); ms0=$(vmstat compact_migrate_scanned)
fs0=$(vmstat compact_free_scanned); i0=$(vmstat compact_isolated)
f0=$(vmstat pgmigrate_fail); t0=$(now_ns)
echo 1 >/proc/sys/vm/compact_memory
t1=$(now_ns)
m1=$(vmstat pgmigrate_success); ms1=$(vmstat compact_migrate_scanned)
fs1=$(vmstat compact_free_scanned); i1=$(vmstat compact_isolated)
f1=$(vmstat pgmigrate_fail)
echo "buddyinfo after:"; sed 's/^/  /' /proc/buddyinfo
exec 3>&-
wait "$pid" || true

kpages=$((m1 - m0))
ksecs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
echo "kernel_compact_time: $ksecs s"
echo "kernel_compact_migrate_scanned: $((ms1 - ms0)) pages"
echo "kernel_compact_free_scanned: $((fs1 - fs0)) pages"
echo "kernel_compact_isolated: $((i1 - i0)) pages"
echo "kernel_compact_pages_migrated: $kpages pages"
echo "kernel_compact_pages_migrate_failed: $((f1 - f0)) pages"
kps=$(awk -v p="$kpages" -v s="$ksecs" 'BEGIN { printf "%.0f", (s > 0 ? p / s : 0) }')
echo "kernel_compact_pages_per_s: $kps pages/s"
echo "kernel_compact_bytes_per_s: $(awk -v p="$kps" 'BEGIN { printf "%.1f", p * 4096 / 1048576 }') MiB/s"

"$BUILD/bench_arena" --compact "$MIB" | tee "$out"
aps=$(awk '/^arena_compact_pages_per_s:/ { print $2 }' "$out")
echo "arena_vs_kernel_pages_per_s: $(awk -v a="$aps" -v k="$kps" 'BEGIN { printf "%.2f", (k > 0 ? a / k : 0) }')"
