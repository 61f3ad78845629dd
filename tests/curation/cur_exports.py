"""Every exported fact names its source.  In the JSON export of the sample
corpus, each claim and each extracted timeline entry carries its article,
its byte span and provenance whose quote is exactly the article's text at
that span, with the publisher; a hand-made entry names the analyst who
recorded it.  The CSV timeline has a row per entry with its article and
span; the DOT graph is a graph, and SVG is rendered through Graphviz (or
refused with a clear message when dot is missing)."""
import csv
import subprocess
import io
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cur import *  # noqa: E402,F401,F403

t = tmpdir()
isolate(t)
d = corpus_daemon(t)
texts = article_texts(d)
mine = run_json(d, "entry", "add", "--date", "2014-12-19", "--text", "the FBI names North Korea",
                "--actor", "FBI", "--author", "alice")["entry"]
c0 = d.json("claims")[0]["id"]
d.run("grade", c0, "B", "2", "--author", "bob")

rc, out, err = d.run("export", "--format", "json")
doc = json.loads(out)
pubs = {a["id"]: a["publisher"] for a in doc["articles"]}
check(doc["claims"] and doc["timeline"], "claims and timeline exported")


def sourced(fact, what):
    """The fact's article, span and an extraction whose quote is the text."""
    check(fact["article"] in texts, "%s %s names an article of the corpus" % (what, fact["id"]))
    s, e = fact["span"]
    prov = [p for p in fact["provenance"] if p.get("quote")]
    check(prov, "%s %s has a quoted provenance: %r" % (what, fact["id"], fact["provenance"]))
    for p in prov:
        check(p["article"] == fact["article"] and p["publisher"] == pubs[fact["article"]],
              "provenance names the article and publisher: %r" % p)
        ps, pe = p["span"]
        check(p["quote"].encode() == texts[p["article"]][ps:pe],
              "the quote is the article's text at the span: %r" % p)
        check(p["author"] and p["time"] and p["origin"] and p["seq"], "who and when: %r" % p)
    check(texts[fact["article"]][s:e].decode(errors="replace").strip(), "a non-empty span")


for c in doc["claims"]:
    sourced(c, "claim")
    check(c["publisher"] == pubs[c["article"]], "a claim names its publisher")
    check({"confidence", "likelihood", "sources", "corroborating", "contradicting"} <= set(c),
          "the derived figures are exported")
# The incident picture is exported too: each claim's proposition and frame
# as the client shows them, each entry's timeline group.
live = {c["id"]: c for c in d.json("claims")}
for c in doc["claims"]:
    check(c["proposition"] == live[c["id"]]["proposition"] and
          c["confidence"] == live[c["id"]]["confidence"], "the proposition: %r" % c)
    if live[c["id"]].get("responsible"):
        check(c["frame"]["responsible"] == live[c["id"]]["responsible"], "the frame: %r" % c)
check(any("frame" in c for c in doc["claims"]), "claims say who did what")
groups = {e["id"]: e for e in d.json("timeline", "--entries", "--removed")}
for e in doc["timeline"]:
    check(e["group"] == groups[e["id"]]["group"], "the timeline group: %r" % e)
check(any(e["group_articles"] >= 3 for e in doc["timeline"]), "an event three articles tell")
stix = json.loads(d.run("export", "--format", "stix")[1])
notes = [list(o["extensions"].values())[0] for o in stix["objects"] if o["type"] == "note"]
check(notes and all(n["proposition"] == live[n["claim"]]["proposition"] for n in notes),
      "STIX notes name the proposition of their claim")

for e in doc["timeline"]:
    if e["id"] == mine:
        rec = [p for p in e["provenance"] if p["act"] == "recorded"]
        check(not e["article"] and rec and rec[0]["author"] == "alice",
              "a hand-made entry names its analyst: %r" % e)
    else:
        sourced(e, "entry")
graded = [c for c in doc["claims"] if c["id"] == c0][0]
check(graded["reliability"] == "B" and any(p["act"] == "graded" and p["author"] == "bob"
                                             for p in graded["provenance"]),
      "an analyst's act is in the provenance: %r" % graded["provenance"])

# CSV: the timeline, one row per entry, with article and span.
rc, out, err = d.run("export", "--format", "csv")
rows = list(csv.DictReader(io.StringIO(out)))
tl = d.json("timeline", "--entries", "--removed")
check(len(rows) == len(tl), "a CSV row per entry: %d vs %d" % (len(rows), len(tl)))
for r in rows:
    if r["id"] != mine:
        check(r["article"] in texts and int(r["end"]) > int(r["start"]), "CSV row sourced: %r" % r)

# DOT and SVG.
rc, dot, err = d.run("export", "--format", "dot")
check(dot.startswith("digraph") and "->" in dot, "a DOT graph")
svg = os.path.join(t, "graph.svg")
if shutil.which("dot"):
    d.run("export", "--format", "svg", "-o", svg)
    with open(svg) as f:
        s = f.read()
    check("<svg" in s and "</svg>" in s, "an SVG picture")
else:
    print("graphviz absent: svg checked for its message only")
env = d.env()
env["PATH"] = os.path.join(t, "empty-path")
p = subprocess.run([DOSSIER, "export", "--format", "svg", "-o", svg + ".2"], env=env,
                   capture_output=True, text=True)
check(p.returncode == 1 and "Graphviz" in p.stderr and not os.path.exists(svg + ".2"),
      "svg without dot: a clear error and no file: %r" % p.stderr)
check(not [f for f in os.listdir(t) if ".tmp" in f], "no temporary file left behind")

check(d.stop() == 0, "clean shutdown")
print("ok")
