#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The same scenario and seed give byte-identical run directories (the
# /proc trees, series, trace, page maps, plots, report and log), also
# when the run happens in another directory; another seed gives another
# run.
set -eu
MC=$1
SRC=${MC_SOURCE_DIR:?}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

for s in "$SRC/tests/data/scenarios/small.scen" proactive-frag; do
	"$MC" run "$s" -q -o "$T/a" > "$T/a.out" 2>/dev/null || fail "$s (a)"
	mkdir "$T/elsewhere"
	(cd "$T/elsewhere" && "$MC" run "$s" -q -o ../b > ../b.out 2>/dev/null) ||
		fail "$s (b)"
	diff -r "$T/a" "$T/b" > "$T/diff" || { head -20 "$T/diff"; fail "$s: run directories differ"; }
	# stdout names the directory it was given; the rest is identical
	grep -v '^run directory:' "$T/a.out" > "$T/a.o"
	grep -v '^run directory:' "$T/b.out" > "$T/b.o"
	cmp -s "$T/a.o" "$T/b.o" || fail "$s: output differs"
	n=$(find "$T/a" -type f | wc -l)
	[ "$n" -gt 40 ] || fail "$s: only $n files"
	"$MC" run "$s" -q -s 99 -o "$T/c" > /dev/null 2>&1 || fail "$s (c)"
	cmp -s "$T/a/series.csv" "$T/c/series.csv" && fail "$s: seed 99 gave the same series"
	grep -q '"seed": 99' "$T/c/run.json" || fail "$s: run.json seed"
	echo "$s: $n files identical"
	rm -rf "$T/a" "$T/b" "$T/c" "$T/elsewhere"
done
echo "run_determinism: ok"
