#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""blockers.py SNAPSHOT REPORT.json [MAP.png] - check whatif's blocker report against
the state after the operation (whatif -e SNAPSHOT), read independently:
raw kpageflags for holes, reserved and buddy pages, memcompact.state for
every allocated and per-cpu block; the reasons in the priority order of
docs/snapshot.md.  Every pageblock with memory that is not wholly free must
be listed with the expected reason, and no other; the summary must agree.
With MAP.png (whatif -p PREFIX: PREFIX-after.png), every pageblock's cell
must be drawn in the colours docs/snapshot.md gives its migratetype and its
reason."""
import json, struct, sys
# the after state of whatif -e, read independently: kpageflags (raw) for
# holes, reserved and buddy pages; memcompact.state for what every
# allocated and per-cpu block is
snap, report = sys.argv[1], json.load(open(sys.argv[2]))
kpf = open(snap + "/proc/kpageflags", "rb").read()
words = struct.unpack("<%dQ" % (len(kpf) // 8), kpf)
NOPAGE, RESERVED, BUDDY = 1 << 20, 1 << 32, 1 << 10
PB = 512
unevictable_ok = True
for line in open(snap + "/sys/vm.sysctl"):
    k, _, v = line.partition(" = ")
    if k == "vm.compact_unevictable_allowed":
        unevictable_ok = v.strip() == "1"
kind_of = {}	# pfn -> (kind, flags) for every page of an allocated block
pcp = set()
for line in open(snap + "/memcompact.state"):
    f = line.split()
    if f[0] == "a":
        pfn, order, kind, flags = int(f[1], 16), int(f[2]), int(f[3]), int(f[4], 16)
        for p in range(pfn, pfn + (1 << order)):
            kind_of[p] = (kind, flags)
    elif f[0] == "p":
        pfn, order = int(f[1], 16), int(f[2])
        pcp.update(range(pfn, pfn + (1 << order)))
names = ["kernel", "slab", "slab-reclaimable", "anon", "file", "movable-ops", "hugetlb"]
want, census = {}, {}
for pb in range(0, len(words), PB):
    c = dict.fromkeys(["hole", "reserved", "free", "pcp", "pinned", "unevictable", "writeback"] + names, 0)
    for p in range(pb, pb + PB):
        w = words[p] if p < len(words) else NOPAGE
        if w & NOPAGE:
            c["hole"] += 1
        elif w & RESERVED:
            c["reserved"] += 1
        elif w & BUDDY:
            c["free"] += 1
        elif p in pcp:
            c["pcp"] += 1
        else:
            kind, flags = kind_of[p]
            c[names[kind]] += 1
            c["pinned"] += bool(flags & (1 << 8))
            c["unevictable"] += bool(flags & (1 << 2))
            c["writeback"] += bool(flags & (1 << 4))
    census[pb] = c
    if c["hole"] == PB:
        continue	# no memory at all: not a pageblock of any zone
    order = [("reserved", "reserved"), ("hole", "hole"), ("kernel", "kernel"),
             ("slab", "slab"), ("pinned", "pinned"), ("hugetlb", "hugetlb"),
             ("movable-ops", "movable-ops"), ("slab-reclaimable", "slab-reclaimable")]
    if c["free"] == PB:
        continue
    reason = next((r for k, r in order if c[k]), None)
    if reason is None:
        if c["unevictable"] and not unevictable_ok:
            reason = "unevictable"
        elif c["writeback"]:
            reason = "writeback"
        elif c["pcp"]:
            reason = "pcp"
        else:
            reason = "movable"
    want[pb] = reason
got = {b["pfn"]: b["reason"] for b in report["blocked_pageblocks"]}
bad = [(hex(p), want.get(p), got.get(p)) for p in sorted(set(want) | set(got)) if want.get(p) != got.get(p)]
assert not bad, "%d pageblocks differ (pfn, expected, reported): %s" % (len(bad), bad[:8])
summary = {}
for r in want.values():
    summary[r] = summary.get(r, 0) + 1
for r, n in report["blocker_summary"].items():
    if r != "free":
        assert summary.get(r, 0) == n, (r, summary.get(r, 0), n)
print(len(want), "blocked pageblocks", " ".join("%s %d" % kv for kv in sorted(summary.items())))

# the page map of the after-state (whatif -p PREFIX: PREFIX-after.png, a
# 4x4 cell per pageblock, 64 a row): top row the pageblock's migratetype,
# the rest what keeps it from being free, in the colours docs/snapshot.md
# names
if len(sys.argv) > 3:
    import zlib
    png = open(sys.argv[3], "rb").read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, plte = 8, b"", None
    while pos < len(png):
        n, typ = struct.unpack(">I4s", png[pos:pos + 8])
        body = png[pos + 8:pos + 8 + n]
        if typ == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert (depth, ctype) == (8, 3), "not an 8-bit palette PNG"
        elif typ == b"PLTE":
            plte = [tuple(body[i:i + 3]) for i in range(0, n, 3)]
        elif typ == b"IDAT":
            idat += body
        pos += 12 + n
    raw, rows, prev = zlib.decompress(idat), [], bytes(w)
    for y in range(h):
        f, line = raw[y * (w + 1)], bytearray(raw[y * (w + 1) + 1:(y + 1) * (w + 1)])
        for x in range(w):
            a = line[x - 1] if x else 0
            b, c = prev[x], prev[x - 1] if x else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = rows[-1]
    rgb = {"free": (255, 255, 255), "reserved": (96, 96, 96), "hole": (0, 0, 0),
           "kernel": (140, 20, 20), "slab": (220, 40, 40), "pinned": (230, 60, 200),
           "hugetlb": (150, 60, 200), "movable-ops": (40, 200, 200),
           "slab-reclaimable": (240, 150, 40), "pcp": (255, 240, 160),
           "anon": (60, 110, 220), "file": (60, 180, 90), "mixed": (150, 190, 240)}
    mt_rgb = {0: (200, 0, 0), 1: (0, 80, 200), 2: (230, 130, 0), 3: (230, 220, 0)}
    mts = []
    for line in open(snap + "/memcompact.state"):
        f = line.split()
        if f[0] == "pb":
            mts += [int(f[3])] * int(f[2], 16)
    cols, cell = w // 4, 4
    wrong = 0
    for pb in range(0, len(words), PB):
        i = pb // PB
        x0, y0 = i % cols * cell, i // cols * cell
        c = census[pb]
        if c["hole"] == PB:
            want_state, want_mt = rgb["hole"], rgb["hole"]
        else:
            r = want.get(pb, "free")
            if r == "hole":
                r = "reserved"	# part memory, part hole: drawn reserved
            elif r in ("movable", "unevictable", "writeback"):
                r = "mixed" if c["free"] else ("anon" if c["anon"] >= c["file"] else "file")
            want_state, want_mt = rgb[r], mt_rgb.get(mts[i])
        got_mt, got_state = plte[rows[y0][x0]], plte[rows[y0 + 1][x0 + 1]]
        if got_state != want_state or (want_mt and got_mt != want_mt):
            if wrong < 5:
                print("pageblock %#x: colour %s/%s, expected %s/%s" % (pb, got_mt, got_state, want_mt, want_state), file=sys.stderr)
            wrong += 1
    assert not wrong, "%d pageblocks drawn in the wrong colour" % wrong
    print("page map: %d cells as expected" % (len(words) // PB))
