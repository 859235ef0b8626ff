# SPDX-License-Identifier: GPL-2.0-only
# Every subcommand has a manual page (docs/man, scdoc), built next to the
# binary; each page documents every long option its --help lists, and
# memcompact(1) names every subcommand.
. "$(dirname "$0")/lib.inc"
MAN="$(dirname "$MC")/man"

# renders PAGE SECTION: man(1), when present, renders PAGE without
# complaint and with the SECTION heading
renders() {
	command -v man >/dev/null && [ -f "$1" ] || return 0
	MANWIDTH=80 man -l "$1" >"$T/rendered" 2>"$T/manerr" ||
		fail "man -l $1 failed"
	grep -q "^$2" "$T/rendered" || fail "$1: no $2 section"
	[ -s "$T/manerr" ] && fail "$1: $(head -1 "$T/manerr")"
	return 0
}

"$MC" --list-commands >"$T/cmds" || fail "--list-commands"
[ -f "$MAN/memcompact.1" ] || fail "$MAN/memcompact.1 not built"
while read -r c; do
	page="$MAN/memcompact-$c.1"
	scd="$SRC/docs/man/memcompact-$c.1.scd"
	[ -f "$scd" ] || { fail "no manual page source for '$c'"; continue; }
	[ -f "$page" ] || fail "$page not built"
	grep -qF "*$c*" "$SRC/docs/man/memcompact.1.scd" ||
		fail "memcompact(1) does not name '$c'"
	grep -qF "*memcompact-$c*(1)" "$SRC/docs/man/memcompact.1.scd" ||
		fail "memcompact(1) does not refer to memcompact-$c(1)"
	# options as --help lists them: "-x, --long" or "    --long"
	"$MC" "$c" --help | sed -n 's/^ *\(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' |
		sort -u >"$T/opts"
	while read -r o; do
		grep -qF -- "*$o*" "$scd" ||
			fail "memcompact-$c(1) does not document $o"
	done <"$T/opts"
	renders "$page" NAME
done <"$T/cmds"

# memcompact-scenario(5): built, renders, and documents every directive
# and step keyword of docs/scenarios.md's tables ("| `word ...` |")
scd="$SRC/docs/man/memcompact-scenario.5.scd"
page="$MAN/memcompact-scenario.5"
[ -f "$page" ] || fail "$page not built"
grep -qF "*memcompact-scenario*(5)" "$SRC/docs/man/memcompact-run.1.scd" ||
	fail "memcompact-run(1) does not refer to memcompact-scenario(5)"
sed -n '/^## Directives/,/^## The run directory/s/^| `\([a-z][a-z-]*\).*/\1/p' \
	"$SRC/docs/scenarios.md" | sort -u >"$T/words"
[ "$(wc -l <"$T/words")" -ge 30 ] || fail "only $(wc -l <"$T/words") keywords found in docs/scenarios.md"
while read -r w; do
	grep -qF -- "*$w*" "$scd" || fail "memcompact-scenario(5) does not document '$w'"
done <"$T/words"
renders "$page" "STEPS: MEMORY"

finish
