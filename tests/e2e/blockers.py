#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""blockers.py SNAPSHOT REPORT.json - check whatif's blocker report against
the state after the operation (whatif -e SNAPSHOT), read independently:
raw kpageflags for holes, reserved and buddy pages, memcompact.state for
every allocated and per-cpu block; the reasons in the priority order of
docs/snapshot.md.  Every pageblock with memory that is not wholly free must
be listed with the expected reason, and no other; the summary must agree."""
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
want = {}
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
