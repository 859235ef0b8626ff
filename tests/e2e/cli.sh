# SPDX-License-Identifier: GPL-2.0-only
# The command's shape: global options, every subcommand's --help, bad
# options and values (exit 2), failures (exit 1), sysctl like sysctl(8),
# proc, presets, run --default, and -j output a JSON parser reads.
. "$(dirname "$0")/lib.inc"

# global
expect 0 "$MC" --version
has "$T/out" "memcompact "
has "$T/out" "(Linux 6.12.117)"
expect 0 "$MC" --help
has "$T/out" "usage: memcompact"
expect 2 "$MC"
has "$T/err" "usage: memcompact"
expect 2 "$MC" nosuch
has "$T/err" "'nosuch' is not a memcompact command"
expect 0 "$MC" --list-commands
cmds=$(cat "$T/out")
for c in run sysctl proc presets replay top; do
	echo "$cmds" | grep -qx "$c" || fail "--list-commands lacks $c"
done

# every subcommand: --help and -h on stdout with exit 0, 'help CMD' the
# same; an unknown option is a usage error naming the command
for c in $cmds; do
	expect 0 "$MC" "$c" --help
	has "$T/out" "usage: memcompact $c"
	[ -s "$T/err" ] && fail "$c --help wrote to stderr"
	cp "$T/out" "$T/help"
	expect 0 "$MC" help "$c"
	cmp -s "$T/out" "$T/help" || fail "'help $c' differs from '$c --help'"
	expect 0 "$MC" "$c" -h
	expect 2 "$MC" "$c" --no-such-option
	has "$T/err" "memcompact $c"
	[ -s "$T/out" ] && fail "$c --no-such-option wrote to stdout"
done

# option values with units, named in the message
expect 2 "$MC" top -b --delay 5parsecs
has "$T/err" "--delay: '5parsecs' is not a time"
expect 2 "$MC" top -b --steps 0
has "$T/err" "--steps"
expect 2 "$MC" replay --seed x "$SRC/tests/data/replay/hand.trace"
has "$T/err" "--seed: 'x'"
expect 2 "$MC" replay --clock sometimes x
has "$T/err" "--clock: 'sometimes' is not trace, rebase or off"
expect 2 "$MC" run --cpus 0 --default
has "$T/err" "--cpus"
expect 2 "$MC" run
has "$T/err" "nothing to run"
# a bad machine is bad input: failure, not usage
expect 1 "$MC" proc -m pc:lots buddyinfo
has "$T/err" "size 'lots' is not a number"
expect 1 "$MC" proc -z "$T/nonexistent" buddyinfo
has "$T/err" "$T/nonexistent"

# presets
expect 0 "$MC" presets
has "$T/out" "pc:SIZE"
has "$T/out" "rock5b+"
expect 2 "$MC" presets extra

# proc: a 1 GiB PC's buddyinfo: DMA (16 MiB, pfn 1..4095: 1 reserved
# page at 0) and DMA32; the numbers of a fresh boot are checked by the
# golden tests, here the shape and the zone names
expect 0 "$MC" proc -m pc:1G buddyinfo
[ "$(wc -l <"$T/out")" -eq 2 ] || fail "proc buddyinfo: not 2 zones"
has "$T/out" "Node 0, zone      DMA"
has "$T/out" "Node 0, zone    DMA32"
expect 2 "$MC" proc nosuchfile
has "$T/err" "unknown file 'nosuchfile'"
expect 2 "$MC" proc
expect 0 "$MC" proc --sysctl vm.min_free_kbytes=65536 -m pc:4G zoneinfo
has "$T/out" "pages free"

# sysctl like sysctl(8)
expect 0 "$MC" sysctl vm.extfrag_threshold
[ "$(cat "$T/out")" = "vm.extfrag_threshold = 500" ] ||
	fail "sysctl read: '$(cat "$T/out")'"
expect 0 "$MC" sysctl -n vm/extfrag_threshold
[ "$(cat "$T/out")" = "500" ] || fail "sysctl -n with slashes"
expect 0 "$MC" sysctl -w vm.extfrag_threshold=700
[ "$(cat "$T/out")" = "vm.extfrag_threshold = 700" ] ||
	fail "sysctl -w echo: '$(cat "$T/out")'"
expect 1 "$MC" sysctl -w vm.extfrag_threshold=1001
has "$T/err" "vm.extfrag_threshold"
expect 1 "$MC" sysctl vm.no_such_key
has "$T/err" "vm/no_such_key"
expect 0 "$MC" sysctl -e vm.no_such_key
expect 0 "$MC" sysctl -a
has "$T/out" "vm.compaction_proactiveness = 20"
has "$T/out" "vm.extfrag_threshold = 500"
hasnt "$T/out" "vm.compact_memory"
expect 0 "$MC" sysctl -a -N -r '^vm\.compact'
has "$T/out" "vm.compaction_proactiveness"
hasnt "$T/out" "vm.extfrag_threshold"
expect 2 "$MC" sysctl -n -N vm.extfrag_threshold
expect 2 "$MC" sysctl -a -p
expect 2 "$MC" sysctl
# -p: FILE:LINE for a bad line, the good lines applied and echoed
printf '# tuning\nvm.extfrag_threshold = 900\nno equals sign\n; comment\n-vm.no_such = 1\nvm.compaction_proactiveness=0\n' >"$T/s.conf"
expect 0 "$MC" sysctl -p "$T/s.conf"
has "$T/out" "vm.extfrag_threshold = 900"
has "$T/out" "vm.compaction_proactiveness = 0"
has "$T/err" "$T/s.conf:3: invalid syntax, continuing..."
printf 'vm.no_such = 1\n' >"$T/bad.conf"
expect 1 "$MC" sysctl -p "$T/bad.conf"
has "$T/err" "$T/bad.conf:1:"
expect 0 "$MC" sysctl -q -p - <"$T/s.conf"
[ -s "$T/out" ] && fail "sysctl -q echoed"
# -j: a JSON object a program reads
expect 0 "$MC" sysctl -j -a
python3 - "$T/out" <<'PY' || fail "sysctl -j -a is not the expected JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["vm.extfrag_threshold"] == "500", d
assert d["vm.compaction_proactiveness"] == "20", d
assert "vm.compact_memory" not in d
PY
expect 2 "$MC" sysctl -j -n vm.extfrag_threshold

# run --default: deterministic for a seed, different for another
expect 0 "$MC" run --default -m pc:512M,cpus=2 --thp 16 -s 3
cp "$T/out" "$T/run1"
has "$T/run1" "seed=3 machine=pc:512M,cpus=2 cpus=2"
has "$T/run1" "invariant check: 0 violations"
has "$T/run1" "== after vm.compact_memory=1"
expect 0 "$MC" run --default -m pc:512M,cpus=2 --thp 16 -s 3
cmp -s "$T/out" "$T/run1" || fail "run --default: same seed, other output"
expect 0 "$MC" run --default -m pc:512M,cpus=2 --thp 16 -s 4
cmp -s "$T/out" "$T/run1" && fail "run --default: seeds 3 and 4 alike"
expect 1 "$MC" run --default --sysctl vm.no_such=1 -m pc:512M
has "$T/err" "vm.no_such"

finish
