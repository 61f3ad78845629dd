"""The STIX 2.1 export of the ingested sample corpus says what the knowledge
base says, in STIX's own terms (docs/export.md):

- it validates against the official schemas (../shared/eval/validate_stix.py,
  through tests/support/stix_validate.py, whose copy of bundle.json lists the
  2.1 types the official one omits), as ingested and after curation;
- North Korea is a location with country KP; the Guardians of Peace an
  intrusion-set with their aliases; no x_dossier_* property is left, and
  every extension used is the one extension definition;
- attributed-to and targets come only from attribution rows, from the
  campaign to the responsible actor and to the target, with the row's
  confidence; no relationship runs from a victim or from a report, and every
  relationship type is one the spec suggests for its source and target;
- each article is a report whose object_refs hold its claims' notes, its
  actors and the campaigns it carries;
- re-exporting gives identical bytes; a grade adds an opinion created by the
  analyst's identity and changes the `modified` of exactly the objects whose
  content changes;
- --tlp amber marks every object with the TLP 2.0 marking definition."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cur import *  # noqa: E402,F401,F403

gold()   # skips when the sample corpus (../shared) is absent
VALIDATOR = os.path.join(SHARED, "eval", "validate_stix.py")
HELPER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support",
                      "stix_validate.py")
if not os.path.exists(VALIDATOR):
    skip("%s is absent" % VALIDATOR)
if subprocess.run(["python3", "-c", "import jsonschema"], capture_output=True).returncode:
    skip("python3-jsonschema is not installed: the STIX bundle cannot be validated")

t = tmpdir()
isolate(t)
d = corpus_daemon(t)
AMBER = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
TLP_EXT = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

# What the spec suggests (STIX 2.1, 4.x "Relationships" of each SDO), for
# the types this export writes.
SUGGESTED = {
    ("campaign", "attributed-to", "intrusion-set"), ("campaign", "attributed-to", "threat-actor"),
    ("campaign", "targets", "identity"), ("campaign", "targets", "location"),
    ("threat-actor", "located-at", "location"), ("threat-actor", "attributed-to", "identity"),
    ("indicator", "based-on", "observed-data"), ("indicator", "indicates", "campaign"),
    ("indicator", "indicates", "intrusion-set"), ("indicator", "indicates", "threat-actor"),
}


def export(name, *extra):
    path = os.path.join(t, name)
    d.run("export", "--format", "stix", "-o", path, *extra)
    with open(path, "rb") as f:
        raw = f.read()
    return path, raw, json.loads(raw)


def validate(path, plain=False):
    p = subprocess.run(["python3", HELPER, path] + (["--plain"] if plain else []), capture_output=True, text=True, timeout=180,
                       env=dict(os.environ, DSR_SHARED=SHARED))
    lines = p.stdout.strip().splitlines()
    print("validate_stix.py %s: %s" % (os.path.basename(path), lines[-1] if lines else ""))
    if plain:
        print("  %s" % lines[0])
    check(p.returncode == 0 and lines and lines[-1].endswith(" 0 errors"),
          "the bundle does not validate:\n%s%s" % (p.stdout[-3000:], p.stderr[-2000:]))


def ext_of(o):
    e = o.get("extensions") or {}
    return list(e.values())[0] if e else {}


plain, raw, b = export("corpus.stix.json")
validate(plain, plain=True)
objs = b["objects"]
byid = {o["id"]: o for o in objs}
check(len(byid) == len(objs), "ids are unique")
types = {}
for o in objs:
    types.setdefault(o["type"], []).append(o)
print("objects: %s" % ", ".join("%s %d" % (k, len(v)) for k, v in sorted(types.items())))

# No custom top-level properties; one extension definition, the one used.
check("x_dossier_" not in raw.decode(), "no x_dossier_* property is left")
defs = types.get("extension-definition", [])
check(len(defs) == 1 and defs[0]["extension_types"] == ["property-extension"] and
      defs[0]["schema"], "one extension definition: %r" % defs)
for o in objs:
    for k, v in (o.get("extensions") or {}).items():
        check(k == defs[0]["id"] and v["extension_type"] == "property-extension",
              "extensions are dossier's: %r" % o)

# Actors.
nk = [o for o in types.get("location", []) if o["name"] == "North Korea"]
check(len(nk) == 1 and nk[0]["country"] == "KP", "North Korea is a location KP: %r" % nk)
gop = [o for o in types.get("intrusion-set", []) if "G.O.P." in o.get("aliases", [])]
check(len(gop) == 1, "the Guardians of Peace are an intrusion-set with their aliases")
check(not any(o["type"] == "identity" and o["name"] == "North Korea" for o in objs),
      "a country is no identity")

# Attribution rows -> campaigns and their relationships, in the right
# direction, with the row's confidence.
rows = d.json("attribution")
check(rows, "the sample has attribution rows")
rels = types.get("relationship", [])
camp_by_prop = {ext_of(o)["proposition"]: o for o in types.get("campaign", [])}
expected = set()
for r in rows:
    c = camp_by_prop.get(r["proposition"])
    check(c and c["confidence"] == r["confidence"], "a campaign per row: %r" % r)
    att = [x for x in rels if x["source_ref"] == c["id"] and
           x["relationship_type"] == "attributed-to"]
    check(len(att) == 1 and att[0]["confidence"] == r["confidence"],
          "the campaign is attributed-to: %r" % att)
    resp = byid[att[0]["target_ref"]]
    check(resp["type"] in ("intrusion-set", "threat-actor") and resp["name"] == r["responsible"],
          "attributed-to its responsible actor: %r / %r" % (resp, r))
    expected.add(att[0]["id"])
    tg = [x for x in rels if x["source_ref"] == c["id"] and x["relationship_type"] == "targets"]
    if r["target"]:
        check(len(tg) == 1 and byid[tg[0]["target_ref"]]["name"] == r["target"] and
              tg[0]["confidence"] == r["confidence"], "targets its target: %r" % tg)
        expected.add(tg[0]["id"])
victims = {x["target_ref"] for x in rels if x["relationship_type"] == "targets"}
for x in rels:
    src, dst = byid[x["source_ref"]], byid[x["target_ref"]]
    check((src["type"], x["relationship_type"], dst["type"]) in SUGGESTED,
          "a relationship the spec suggests: %s %s %s" % (src["type"], x["relationship_type"],
                                                          dst["type"]))
    check(src["type"] != "report" and x["source_ref"] not in victims,
          "no relationship from a report or a victim: %r" % x)
    if src["type"] == "campaign":
        check(x["id"] in expected, "campaign relationships come from rows: %r" % x)
    elif src["type"] == "indicator":   # cur_stix_ioc.py checks these
        pass
    else:   # a threat-actor standing for its own actor
        check(src["name"] == dst["name"], "a state located-at its country: %r" % x)
nkta = [o for o in types.get("threat-actor", []) if o["name"] == "North Korea"]
check(nkta and nkta[0]["threat_actor_types"] == ["nation-state"] and
      any(x["source_ref"] == nkta[0]["id"] and x["relationship_type"] == "located-at" and
          x["target_ref"] == nk[0]["id"] for x in rels),
      "North Korea's state is a nation-state threat-actor located-at North Korea")

# Claims are notes; reports hold what their article supports.
claims = d.json("claims")
notes = {ext_of(o)["claim"]: o for o in types.get("note", [])}
check(len(notes) == len(claims), "a note per claim: %d vs %d" % (len(notes), len(claims)))
reports = {r["external_references"][0]["external_id"]: r for r in types.get("report", [])}
arts = d.json("articles")
check(len(reports) == len(arts), "one report per article")
for c in claims:
    n = notes[c["id"]]
    e = ext_of(n)
    check(n["content"] and n["abstract"] and e["stance"] == c["stance"] and
          e["hedged"] == c["hedged"], "the note says the claim: %r" % n)
    rep = reports[c["article"]]
    check(rep["id"] in n["object_refs"] and n["id"] in rep["object_refs"],
          "note and report refer to each other: %r" % n)
    if c["proposition"] in camp_by_prop:
        check(camp_by_prop[c["proposition"]]["id"] in rep["object_refs"],
              "the report carries the campaign of its claim")
for r in types["report"]:
    for ref in r["object_refs"]:
        check(ref in byid, "report refs point into the bundle: %s" % ref)
for o in objs:
    if "created" in o:   # cyber-observables have no times
        check(o.get("modified", o["created"]) >= o["created"], "modified >= created: %r" % o)

# Re-exporting without changes gives identical bytes.
_, raw2, _ = export("again.stix.json")
check(raw2 == raw, "re-exporting an unchanged knowledge base gives identical bytes")


# A grade: an opinion by the analyst; `modified` bumps exactly where content
# changes.
def strip(o):
    return {k: v for k, v in o.items() if k != "modified"}


target = [c for c in claims if c["proposition"] == rows[0]["proposition"]][0]
os.environ["DOSSIER_AUTHOR"] = "alice"
d.run("grade", target["id"], "E5")
os.environ.pop("DOSSIER_AUTHOR")
g_path, graw, gb = export("graded.stix.json")
validate(g_path)
after = {o["id"]: o for o in gb["objects"]}
new = sorted(set(after) - set(byid))
gone = sorted(set(byid) - set(after))
changed = sorted(i for i in set(after) & set(byid) if strip(after[i]) != strip(byid[i]))
bumped = sorted(i for i in set(after) & set(byid)
                if after[i].get("modified") != byid[i].get("modified"))
print("after a grade: new %s, changed %d, bumped %d, gone %d" %
      ([after[i]["type"] for i in new], len(changed), len(bumped), len(gone)))
check(not gone, "a grade removes nothing: %r" % gone)
check(changed == bumped, "modified bumps exactly where content changes: changed-only %r, "
      "bumped-only %r" % ([after[i]["type"] for i in set(changed) - set(bumped)],
                          [after[i]["type"] for i in set(bumped) - set(changed)]))
for i in bumped:
    check(after[i]["modified"] > byid[i]["modified"], "modified moves on: %r" % after[i])
ops = [after[i] for i in new if after[i]["type"] == "opinion"]
check(len(ops) == 1 and ops[0]["object_refs"] == [notes[target["id"]]["id"]] and
      ops[0]["opinion"] == "strongly-disagree" and ext_of(ops[0])["reliability"] == "E",
      "the grade is an opinion on the note: %r" % ops)
who = after.get(ops[0]["created_by_ref"])
check(who and who["type"] == "identity" and who["name"] == "alice" and
      who["identity_class"] == "individual", "the opinion's creator is the analyst: %r" % who)
camp = camp_by_prop[rows[0]["proposition"]]["id"]
grow = [r for r in d.json("attribution") if r["proposition"] == rows[0]["proposition"]][0]
if grow["confidence"] != rows[0]["confidence"]:
    check(camp in bumped and after[camp]["confidence"] == grow["confidence"],
          "the campaign's confidence follows the grade")
for i in bumped:
    check(after[i]["type"] in ("campaign", "relationship", "note"),
          "a grade touches the claim's proposition only: %r" % after[i])


def diff(before, after_objs, what):
    """The objects an act adds, changes and bumps: `modified` must move on
    exactly where content changes."""
    after = {o["id"]: o for o in after_objs}
    changed = {i for i in set(after) & set(before) if strip(after[i]) != strip(before[i])}
    bumped = {i for i in set(after) & set(before)
              if after[i].get("modified") != before[i].get("modified")}
    print("%s: new %d, changed %d, bumped %d" % (what, len(set(after) - set(before)),
                                                len(changed), len(bumped)))
    check(changed == bumped, "%s: modified bumps exactly where content changes: "
          "changed-only %r, bumped-only %r" % (what, [after[i]["type"] for i in changed - bumped],
                                                [after[i]["type"] for i in bumped - changed]))
    return after


# A grade that leaves every weight as it was (C3: x 1, x 1) still changes
# what the proposition's objects say (its assessed claims).
other = [c for c in claims if c["proposition"] == rows[-1]["proposition"]][0]
d.run("grade", other["id"], "C3")
after = diff(after, export("neutral.stix.json")[2]["objects"], "a grade of C3")
# A new article (a reprint of one of the sample's, with a line of its own).
more = varied_articles(os.path.join(t, "more"), 1, start=7)[0]
d.json("ingest", more, "--published", "2014-12-20", "--publisher", "Extra")
after = diff(after, export("more.stix.json")[2]["objects"], "a new article")

# TLP.
a_path, _, ab = export("amber.stix.json", "--tlp", "amber")
validate(a_path)
marks = [o for o in ab["objects"] if o["type"] == "marking-definition"]
check(len(marks) == 1 and marks[0]["id"] == AMBER and marks[0]["name"] == "TLP:AMBER" and
      marks[0]["created"] == "2022-10-01T00:00:00.000Z" and
      marks[0]["extensions"][TLP_EXT] == {"extension_type": "property-extension",
                                          "tlp_2_0": "amber"},
      "the OASIS TLP:AMBER marking definition: %r" % marks)
for o in ab["objects"]:
    if o["type"] != "marking-definition":
        check(o.get("object_marking_refs") == [AMBER], "every object is marked: %r" % o)
check(ab["id"] != gb["id"], "a marked bundle is another bundle")
_, _, sb = export("strict.stix.json", "--tlp", "TLP:AMBER+STRICT")
check([o["name"] for o in sb["objects"] if o["type"] == "marking-definition"] ==
      ["TLP:AMBER+STRICT"] and all(o.get("object_marking_refs") == [
          "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"]
          for o in sb["objects"] if o["type"] != "marking-definition"),
      "--tlp TLP:AMBER+STRICT marks everything amber+strict")
rc, _, err = d.run("export", "--format", "json", "--tlp", "red", check_rc=None)
check(rc == 2, "--tlp is for STIX only: %d %s" % (rc, err))

# Curated, then again.
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
d.run("note", "actor", "GOP", "a front for someone else?")
cur, _, cb = export("curated.stix.json")
validate(cur)
cbid = {o["id"]: o for o in cb["objects"]}
cnotes = {ext_of(o).get("claim"): o for o in cb["objects"] if o["type"] == "note"}
mine = [o for o in cb["objects"] if o["type"] == "note" and
        o["content"] == "a note with \"quotes\" and \u00e9"]
check(len(mine) == 1 and mine[0]["object_refs"] == [cnotes[claims[0]["id"]]["id"]] and
      cbid[mine[0]["created_by_ref"]]["name"] == "tester" and mine[0]["authors"] == ["tester"],
      "an analyst's note on a claim is a note by the analyst on the claim's note: %r" % mine)
gopid = [o["id"] for o in cb["objects"] if o["type"] == "intrusion-set"][0]
check(any(o["type"] == "note" and o["object_refs"] == [gopid] and
          o["content"] == "a front for someone else?" for o in cb["objects"]),
      "an analyst's note on an actor is a note on the actor's object")
ops = [o for o in cb["objects"] if o["type"] == "opinion"]
check({o["opinion"] for o in ops} >= {"strongly-agree", "disagree", "strongly-disagree"},
      "statuses are opinions: %r" % [o["opinion"] for o in ops])

check(d.stop() == 0, "clean shutdown")
print("ok")
