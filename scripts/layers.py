#!/usr/bin/env python3
"""layers.py: the call graph between core's files, read from the build.

usage: scripts/layers.py [BUILD_DIR] [--graph] [--quiet]

Reads every object file of the core library (BUILD_DIR/core, default
build/core) with nm: a file *uses* another when it needs a symbol
(undefined, `U`) that the other defines.  From that graph it reports

  - the cycles: every strongly connected group of two or more files
    (a file that calls itself does not count);
  - calls that go up: a file of a lower layer using a symbol of a higher
    layer, by the order in LAYERS below, except the driver calls listed in
    ALLOWED_UP (each with the reason it is there);
  - the layer folders, and the .c files directly in core/;
  - whether any file of core/ includes uv.h.

Exit status: 0 when there are no cycles, no calls up and no uv.h; 1
otherwise.  --graph prints every edge (file -> file: symbols).
"""
import os
import re
import subprocess
import sys

# Lowest first.  A file may use its own layer and any layer before it.
# extract/ sits on base/ and model/ only: it knows nothing of the store.
# html/ (saved web pages) sits on base/ only: the client runs it before the
# extractor, on its own.
LAYERS = ["base", "model", "wire", "html", "extract", "store", "view", "query",
          "export", "repl"]

# Calls from a lower layer to a higher one that the design needs, and the
# only symbols they may use:
#   (from-layer, to-layer): (symbols, why)
ALLOWED_UP = {
    ("store", "view"): ({"dsr__view_apply", "dsr__view_finish"},
                        "the store applies the views in the append's "
                        "transaction (view/api.h)"),
}


def objects(core_build):
    out = []
    for root, _dirs, files in os.walk(core_build):
        for f in files:
            if f.endswith(".c.o"):
                out.append(os.path.join(root, f))
    return sorted(out)


def source_name(obj, core_build):
    """build/core/CMakeFiles/dossier_core.dir/store/kv.c.o -> store/kv.c"""
    rel = os.path.relpath(obj, core_build)
    m = re.search(r"dossier_core\.dir/(.*)\.o$", rel)
    name = m.group(1) if m else rel
    # generated files (lexicon data) live in the build tree
    return re.sub(r"^(__/)+", "", name)


def nm(obj):
    res = subprocess.run(["nm", obj], capture_output=True, text=True,
                         check=True)
    defined, used = set(), set()
    for line in res.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            used.add(parts[1])
        elif len(parts) == 3 and parts[1] in "TDBRVWGS":
            defined.add(parts[2])
    return defined, used


def sccs(nodes, edges):
    """Tarjan's algorithm, iterative; returns lists of nodes."""
    index, low, onstack, stack, out = {}, {}, set(), [], []
    counter = [0]
    for start in nodes:
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        onstack.add(start)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    onstack.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                    advanced = True
                    break
                if w in onstack:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    onstack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(sorted(comp))
    return out


def layer_of(name):
    return name.split("/")[0] if "/" in name else ""


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    build = args[0] if args else "build"
    src = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
    core_build = os.path.join(build, "core")
    objs = objects(core_build)
    if not objs:
        print("layers.py: no object files under %s (build first)" %
              core_build, file=sys.stderr)
        return 2
    defs, uses = {}, {}
    for o in objs:
        n = source_name(o, core_build)
        # Objects of files since moved or deleted stay in an old build
        # tree: only those whose source is in core/ (or generated beside
        # it in the build tree) count.
        if not (os.path.exists(os.path.join(src, "core", n)) or
                os.path.exists(os.path.join(core_build, n))):
            continue
        defs[n], uses[n] = nm(o)
    owner = {}
    for n, ds in defs.items():
        for s in ds:
            owner.setdefault(s, n)
    edges, why = {}, {}
    for n, us in uses.items():
        for s in us:
            d = owner.get(s)
            if d and d != n:
                edges.setdefault(n, set()).add(d)
                why.setdefault((n, d), []).append(s)
    nodes = sorted(defs)
    cycles = [c for c in sccs(nodes, edges) if len(c) > 1]

    rank = {l: i for i, l in enumerate(LAYERS)}
    up = []
    for (a, b), syms in sorted(why.items()):
        la, lb = layer_of(a), layer_of(b)
        if la not in rank or lb not in rank:
            continue
        if rank[lb] <= rank[la]:
            continue
        allowed = ALLOWED_UP.get((la, lb), (set(), ""))[0]
        bad = [s for s in syms if s not in allowed]
        if bad:
            up.append((a, b, bad))
    folders = sorted({layer_of(n) for n in nodes if layer_of(n)})
    unknown = [f for f in folders if f not in rank]
    top = sorted(n for n in nodes if not layer_of(n))

    uvs = []
    for root, _d, files in os.walk(os.path.join(src, "core")):
        for f in files:
            if f.endswith((".c", ".h")):
                p = os.path.join(root, f)
                with open(p, encoding="utf-8", errors="replace") as fh:
                    if re.search(r'#\s*include\s*[<"]uv\.h[>"]', fh.read()):
                        uvs.append(os.path.relpath(p, src))

    if "--graph" in argv:
        for (a, b), syms in sorted(why.items()):
            print("%s -> %s: %s" % (a, b, " ".join(sorted(syms))))
    quiet = "--quiet" in argv
    print("files: %d, edges: %d" % (len(nodes), len(why)))
    print("cycles: %d" % len(cycles))
    for c in cycles:
        print("  cycle: " + " ".join(c))
        if not quiet:
            for a in c:
                for b in c:
                    if (a, b) in why:
                        print("    %s -> %s: %s" % (a, b,
                              " ".join(sorted(why[(a, b)])[:6])))
    print("calls up: %d" % len(up))
    for a, b, syms in up:
        print("  %s -> %s: %s" % (a, b, " ".join(sorted(syms)[:6])))
    print("layer folders (%d, lowest first): %s" % (
        len(folders), " ".join(l for l in LAYERS if l in folders)))
    if unknown:
        print("  folders not in LAYERS: " + " ".join(unknown))
    print(".c files directly in core/: %d%s" % (
        len(top), (" (" + " ".join(top) + ")") if top else ""))
    print("uv.h included in core/: %s" % (" ".join(uvs) if uvs else "no"))
    bad = cycles or up or uvs or unknown
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
