# SPDX-License-Identifier: GPL-2.0-only
# memcompact top: batch frames (count, content, determinism, the workload
# moving through its phases), a scenario as the source (its events as
# steps, its end state that of 'memcompact run'), and the live view driven under tmux with
# send-keys and capture-pane: it draws, pauses (the frame stops changing),
# steps once, shows its help, and quits with status 0 on 'q'.
. "$(dirname "$0")/lib.inc"
SPEC=pc:512M,cpus=2

# batch: 3 frames, one step apart, each ending with a blank line
expect 0 "$MC" top -b -n 3 -d 0 -m $SPEC
[ "$(grep -c '^memcompact top - ' "$T/out")" -eq 3 ] || fail "not 3 frames"
has "$T/out" "memcompact top - $SPEC seed 1, built-in workload - step 0"
has "$T/out" "- step 1: fill"
has "$T/out" "- step 2: fill"
has "$T/out" "machine time 0.020 s"
has "$T/out" "Node 0, zone    DMA32"
has "$T/out" "node 0: fragmentation score"
has "$T/out" "page map, 1 cell = 1 pageblock (2.0 MiB)"
# the first frame is the booted machine: its buddyinfo is proc's
"$MC" proc -m $SPEC buddyinfo >"$T/proc"
awk '/^memcompact top/ { n++ } n == 1 && /^Node 0, zone/' "$T/out" |
	cut -c1-100 | sed 's/ *$//' >"$T/top0"
sed 's/ *$//' "$T/proc" | awk '{ printf "Node 0, zone %8s  ", $4; for (i = 5; i <= NF; i++) printf " %6s", $i; printf "\n" }' |
	sed 's/ *$//' >"$T/proc0"
cmp -s "$T/top0" "$T/proc0" || { fail "top's first buddyinfo is not proc's"; diff "$T/top0" "$T/proc0" >&2; }
# a 512 MiB machine is 256 pageblocks: the map has 256 cells (100 a row)
awk '/^memcompact top/ { n++ } n == 1' "$T/out" |
	sed -n '/^page map/,/^$/p' | sed '1d;$d' >"$T/map"
[ "$(tr -d '\n' <"$T/map" | wc -c)" -eq 256 ] || fail "map is not 256 cells"

# the same seed gives the same frames; the workload reaches churn with
# compaction going on
expect 0 "$MC" top -b -n 4 -d 0 --steps 80 -m $SPEC -s 5
cp "$T/out" "$T/a"
expect 0 "$MC" top -b -n 4 -d 0 --steps 80 -m $SPEC -s 5
cmp -s "$T/out" "$T/a" || fail "top -b: same seed, other frames"
has "$T/a" "- step 240: churn"
awk '/^pgmigrate_success/ { v = $2 } END { exit !(v > 0) }' "$T/a" ||
	fail "no migration by the last frame"
# --stop-after: the workload ends, the view says so
expect 0 "$MC" top -b -n 3 -d 0 --stop-after 1 -m $SPEC
has "$T/out" "[finished]"

# a scenario as the source: one event of the run per step (top-level
# steps, samples, checkpoints), the view ending on the run's end state
SC="$SRC/tests/data/scenarios/small.scen"
expect 0 "$MC" top -b -n 40 -d 0 "$SC"
cp "$T/out" "$T/s1"
has "$T/s1" "memcompact top - $SPEC seed 5, scenario small - step 0"
has "$T/s1" "- step 1: 0.000 s line 9 sysctl vm.compaction_proactiveness"
# every step 'memcompact run' reports with its counts is a step of the view
"$MC" run "$SC" | sed -n 's/^\[ *\([0-9.]*\)\] line \([0-9]*\)  *\([a-z][a-z-]*\)  *\([^ ][^ ]*\)  *\([0-9][0-9]*\/[0-9][0-9]*\)$/\2 \3 \4 \5/p' >"$T/steps"
[ "$(wc -l <"$T/steps")" -ge 10 ] || fail "run printed only $(wc -l <"$T/steps") counted steps"
while read -r l op name n; do
	has "$T/s1" "line $l $op $name $n"
done <"$T/steps"
has "$T/s1" "checkpoint fragmented"
has "$T/s1" "1.000 s end"
has "$T/s1" "[finished]"
expect 0 "$MC" top -b -n 40 -d 0 "$SC"
cmp -s "$T/out" "$T/s1" || fail "top -b SCENARIO: same seed, other frames"
# the last frame's buddyinfo is the end checkpoint of 'memcompact run'
"$MC" run -q --no-plots -o "$T/srun" "$SC" >/dev/null || fail "run $SC"
awk '/^memcompact top/ { f = "" } /^Node [0-9]+, zone/ { f = f $0 "\n" }
     END { printf "%s", f }' "$T/s1" | cut -c1-100 | sed 's/ *$//' >"$T/topend"
sed 's/ *$//' "$T/srun/checkpoints/end/proc/buddyinfo" |
	awk '{ printf "Node 0, zone %8s  ", $4; for (i = 5; i <= NF; i++) printf " %6s", $i; printf "\n" }' |
	sed 's/ *$//' >"$T/runend"
[ -s "$T/runend" ] && cmp -s "$T/topend" "$T/runend" ||
	{ fail "top's end buddyinfo is not the run's checkpoints/end"; diff "$T/topend" "$T/runend" >&2; }
# a step that fails at run time: exit 1, the file:line on stderr
expect 1 "$MC" top -b -n 10 -d 0 "$SRC/tests/data/scenarios/bad-runtime.scen"
has "$T/err" "bad-runtime.scen:5: sysctl: vm.extfrag_threshold = 5000: rejected"
has "$T/out" "[failed]"
expect 2 "$MC" top -b -n 1 nonesuch
has "$T/err" "no scenario file or built-in scenario named 'nonesuch'"
expect 2 "$MC" top -b -n 1 --thp 4 "$SC"
expect 2 "$MC" top -b -n 1 "$SC" "$SC"
expect 1 "$MC" top -b -n 1 "$SRC/tests/data/scenarios/bad-repeat.scen"
has "$T/err" "bad-repeat.scen:2: 'repeat' is not closed by 'end'"

# bad use
expect 1 "$MC" top -m $SPEC </dev/null
has "$T/err" "not a terminal"
expect 2 "$MC" top -b -n 0
expect 1 "$MC" top -b -n 1 --sysctl vm.nope=1 -m $SPEC

# live, under tmux (a private server)
command -v tmux >/dev/null || { fail "tmux is not installed"; finish; }
S="mctop$$"
TM="tmux -L $S"
cap() { $TM capture-pane -p -t "$S" >"$T/pane"; }
wait_for() {	# TEXT: up to 30 s
	i=0
	while [ $i -lt 300 ]; do
		cap
		grep -qF -- "$1" "$T/pane" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "tmux pane never showed '$1'"
	sed 's/^/  pane: /' "$T/pane" | head -8 >&2
	return 1
}
$TM new-session -d -s "$S" -x 120 -y 50 \
	"'$MC' top -m $SPEC -d 50ms; echo \"exit=\$?\" >'$T/rc'; sleep 30"
# (frames come every 50 ms: wait for what every running frame shows)
wait_for "page map, 1 cell"
has "$T/pane" "memcompact top - $SPEC seed 1, built-in workload - step"
has "$T/pane" "buddyinfo"
has "$T/pane" "[running]"
$TM send-keys -t "$S" p
wait_for "[paused]"
sleep 0.3
cap
cp "$T/pane" "$T/p1"
sleep 0.5
cap
cmp -s "$T/pane" "$T/p1" || fail "the view changed while paused"
step=$(sed -n 's/.* - step \([0-9]*\).*/\1/p' "$T/p1" | head -1)
$TM send-keys -t "$S" s
wait_for "- step $((step + 1)):"
$TM send-keys -t "$S" '?'
wait_for "keys: q quit"
$TM send-keys -t "$S" +
wait_for "2 steps/frame"
$TM send-keys -t "$S" q
i=0
while [ ! -s "$T/rc" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(cat "$T/rc" 2>/dev/null)" = "exit=0" ] || fail "top did not quit with 0 on q"
$TM kill-server 2>/dev/null

# live, a scenario: it runs to its end, the view stays, q quits with 0
rm -f "$T/rc"
$TM new-session -d -s "$S" -x 120 -y 50 \
	"'$MC' top -d 20ms '$SC'; echo \"exit=\$?\" >'$T/rc'; sleep 30"
wait_for "[finished]"
has "$T/pane" "scenario small - step 28: 1.000 s end"
$TM send-keys -t "$S" q
i=0
while [ ! -s "$T/rc" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(cat "$T/rc" 2>/dev/null)" = "exit=0" ] || fail "top SCENARIO did not quit with 0 on q"
$TM kill-server 2>/dev/null

finish
