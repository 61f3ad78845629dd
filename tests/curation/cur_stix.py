"""The STIX 2.1 export of the ingested sample corpus validates against the
official schemas (../shared/eval/validate_stix.py, which needs Debian's
python3-jsonschema) with no errors: as ingested, and again after analysts
have curated it (grades, statuses, merges, hand-made entries, notes).  The
bundle holds what docs/export.md promises: one report per article with
its external references, actors as identity or threat-actor with aliases,
claims as relationships with a confidence and their article and span."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cur import *  # noqa: E402,F401,F403

gold()   # skips when the sample corpus (../shared) is absent
VALIDATOR = os.path.join(SHARED, "eval", "validate_stix.py")
if not os.path.exists(VALIDATOR):
    skip("%s is absent" % VALIDATOR)
if subprocess.run(["python3", "-c", "import jsonschema"], capture_output=True).returncode:
    skip("python3-jsonschema is not installed: the STIX bundle cannot be validated")

t = tmpdir()
isolate(t)
d = corpus_daemon(t)


def validate(path):
    p = subprocess.run(["python3", VALIDATOR, path], capture_output=True, text=True, timeout=120)
    last = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""
    print("validate_stix.py %s: %s" % (os.path.basename(path), last))
    check(p.returncode == 0 and last.endswith(" 0 errors"),
          "the bundle does not validate:\n%s%s" % (p.stdout[-3000:], p.stderr[-2000:]))
    with open(path) as f:
        return json.load(f)


plain = os.path.join(t, "corpus.stix.json")
d.run("export", "--format", "stix", "-o", plain)
b = validate(plain)
objs = b["objects"]
types = {}
for o in objs:
    types.setdefault(o["type"], []).append(o)
arts = d.json("articles")
check(len(types.get("report", [])) == len(arts), "one report per article")
for r in types["report"]:
    check(r.get("external_references") and r.get("published") and r.get("object_refs"),
          "a report names its article and what it holds: %r" % r)
ta = types.get("threat-actor", [])
check(any("GOP" in o.get("aliases", []) or o["name"] == "GOP" for o in ta),
      "the Guardians of Peace are a threat actor with their aliases: %r" % ta)
rels = types.get("relationship", [])
check(rels and all(0 <= r["confidence"] <= 100 and r.get("external_references") for r in rels),
      "claims are relationships with a confidence and their source")
check(any(r["relationship_type"] == "denies" for r in rels), "a denial is a denies relationship")
ids = {o["id"] for o in objs}
for r in rels:
    check(r["source_ref"] in ids and r["target_ref"] in ids, "relationships point into the bundle")
# Exporting twice gives the same ids (name-based UUIDs).
again = os.path.join(t, "again.stix.json")
d.run("export", "--format", "stix", "-o", again)
with open(again) as f:
    check(sorted(o["id"] for o in json.load(f)["objects"]) == sorted(ids), "stable ids")

# Curated, then again.
claims = d.json("claims")
actors = d.json("actors")
people = [a["name"] for a in actors if a["kind"] == "person"]
d.run("merge", people[0], people[1])
d.run("grade", claims[0]["id"], "A1")
d.run("confirm", claims[0]["id"], "--note", "verified")
d.run("dispute", claims[1]["id"])
d.run("retract", claims[2]["id"])
d.run("name", people[0], "--kind", "government")
d.run("entry", "add", "--date", "2014-W48", "--text", "leaks \"every day\" <b>", "--actor", "GOP")
d.run("note", "claim", claims[0]["id"], "a note with \"quotes\" and \u00e9")
cur = os.path.join(t, "curated.stix.json")
d.run("export", "--format", "stix", "-o", cur)
validate(cur)

check(d.stop() == 0, "clean shutdown")
print("ok")
