#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The HTML report in headless Chromium (Debian's chromium), driven through
# the DevTools protocol (tests/e2e/cdp_check.py): a screenshot is taken,
# there are no console errors, exceptions or network requests, and every
# image of the page loaded: the 3 plots and the page map of each
# checkpoint, at the size the machine's pageblocks give.  Skipped (77)
# without chromium;
# scripts/install-deps.sh installs it.
set -eu
MC=$1
SRC=${MC_SOURCE_DIR:?}
CHROMIUM=$(command -v chromium || true)
[ -n "$CHROMIUM" ] || { echo "SKIP: chromium is not installed"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$MC" run "$SRC/tests/data/scenarios/small.scen" -q -o "$T/run" > "$T/out" 2>&1 ||
	{ cat "$T/out"; fail "the run failed"; }
# the 3 plots and a page map per checkpoint (filled, fragmented, after, end)
maps=$(ls "$T/run"/checkpoints/*/pagemap.png 2>/dev/null | wc -l)
[ "$maps" -eq 4 ] || fail "$maps page maps in checkpoints/, not 4"
imgs=$(grep -o '<img ' "$T/run/report.html" | wc -l)
[ "$imgs" -eq $((3 + maps)) ] || fail "report.html has $imgs images, not 3 plots + $maps page maps"
grep -q 'src="http\|src="//\|<script\|<link' "$T/run/report.html" &&
	fail "report.html refers to something outside itself"

shot=${MC_REPORT_SCREENSHOT:-$T/report.png}
python3 "$SRC/tests/e2e/cdp_check.py" "$CHROMIUM" "$T/run/report.html" "$shot" > "$T/cdp" ||
	{ cat "$T/cdp"; fail "chromium found problems"; }
cat "$T/cdp"
python3 - "$T/cdp" "$imgs" "$shot" <<'PY'
import json, struct, sys
r = json.load(open(sys.argv[1]))
assert r["images"] == int(sys.argv[2]), r
assert r["title"] == "memcompact run: small", r
# each checkpoint's page map as Chromium decoded it: pc:512M is 256
# pageblocks of 2 MiB, 64 cells of 8 pixels a row: 512 x 32
sizes = {a: (w, h) for a, w, h in r["image_sizes"]}
for cp in ("filled", "fragmented", "after", "end"):
    assert sizes.get(cp) == (512, 32), (cp, sizes)
png = open(sys.argv[3], "rb").read()
assert png[:8] == b"\x89PNG\r\n\x1a\n", "screenshot is not a PNG"
w, h = struct.unpack(">II", png[16:24])
assert w >= 800 and h >= 900, (w, h)
print(f"screenshot {w}x{h}, {len(png)} bytes; {r['images']} images loaded; no console errors")
PY
echo "report_chromium: ok"
