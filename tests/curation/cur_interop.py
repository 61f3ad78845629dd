"""Exports other platforms read: MISP and Timesketch.

On the sample corpus with one claim graded:
- `export --format misp` is one MISP event that the MISP format's schema
  (../shared/misp-schema, strict and lax) accepts; the articles, the
  attribution rows, the groups and every claim are attributes of the right
  type and category; the graded claim carries the admiralty-scale tags of
  its grade, every claim the estimative-language tag of its confidence;
  groups are clusters of the threat-actor galaxy and every actor one of
  dossier's; ids are unique and the same knowledge base gives the same
  bytes, while a new grade changes the event's timestamp.
- `export --format timesketch` is JSON Lines with Timesketch's three
  required fields on every line, in date order; every entry whose date
  names a calendar day or period is there, its precision kept, and no
  other."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cur import *  # noqa: E402,F401,F403

t = tmpdir()
isolate(t)
d = corpus_daemon(t)
claims = d.json("claims")
graded = claims[0]["id"]
d.run("grade", graded, "B", "2", "--author", "bob")


def export(fmt):
    rc, out, err = d.run("export", "--format", fmt)
    check(rc == 0, "export %s: %s" % (fmt, err))
    return out


# ---- MISP ---------------------------------------------------------------------
raw = export("misp")
check(raw == export("misp"), "the same knowledge base gives the same MISP bytes")
ev = json.loads(raw)
E = ev["Event"]
schema_dir = os.path.join(SHARED, "misp-schema") if SHARED else ""
try:
    import jsonschema
except ImportError:
    jsonschema = None
if jsonschema and os.path.isdir(schema_dir):
    for name in ("schema.json", "schema-lax.json"):
        with open(os.path.join(schema_dir, name)) as f:
            errs = list(jsonschema.Draft4Validator(json.load(f)).iter_errors(ev))
        check(not errs, "the MISP %s accepts the event: %s" % (name, [e.message for e in errs[:3]]))
    print("MISP schema (strict and lax): 0 errors")
else:
    print("MISP schema check skipped: jsonschema or ../shared/misp-schema absent")

attrs = E["Attribute"]
uuids = [a["uuid"] for a in attrs] + [E["uuid"]]
check(len(uuids) == len(set(uuids)), "attribute ids are unique")
for a in attrs:
    check(a["to_ids"] is False and a["value"] and a["timestamp"].isdigit(),
          "an attribute with a value and a time: %r" % a)
texts = [a for a in attrs if a["type"] == "text" and a["category"] == "External analysis"]
articles = d.json("articles")
for art in articles:
    check(any(art["id"] in a.get("comment", "") for a in texts),
          "article %s is a text attribute" % art["id"])
for c in claims:
    mine = [a for a in texts if c["id"] in a.get("comment", "")]
    check(len(mine) == 1, "claim %s is one text attribute" % c["id"])
    a = mine[0]
    check(c["content"] in a["value"], "with its text: %r" % a["value"])
    tags = [tg["name"] for tg in a.get("Tag", [])]
    check(any(tg.startswith("estimative-language:likelihood-probability=") for tg in tags),
          "with its likelihood as a tag: %r" % tags)
    if c["id"] == graded:
        check('admiralty-scale:source-reliability="b"' in tags and
              'admiralty-scale:information-credibility="2"' in tags,
              "the grade as admiralty-scale tags: %r" % tags)
    else:
        check(not any(tg.startswith("admiralty-scale") for tg in tags),
              "no grade, no admiralty tags: %r" % tags)
rows = d.json("attribution")
attribution = [a for a in attrs if a["category"] == "Attribution" and a["type"] == "text"]
check(len(attribution) == len(rows), "each attribution row is an attribute (%d, %d rows)" %
      (len(attribution), len(rows)))
nk = [a for a in attribution if a["value"].startswith("North Korea is said to be responsible")]
check(nk, "North Korea's attribution is there: %r" % [a["value"] for a in attribution])
check(E["info"] == attribution[0]["value"].split(";")[0],
      "the event is named by the first attribution row: %r" % E["info"])
groups = [a for a in d.json("actors") if a["kind"] == "group"]
ta = [a["value"] for a in attrs if a["type"] == "threat-actor"]
check(sorted(ta) == sorted(g["name"] for g in groups), "groups are threat actors: %r" % ta)
gal = {g["type"]: g for g in E["Galaxy"]}
check(sorted(c["value"] for c in gal["threat-actor"]["GalaxyCluster"]) == sorted(ta),
      "and clusters of the threat-actor galaxy")
check(len(gal["dossier-actor"]["GalaxyCluster"]) == len(d.json("actors")),
      "every actor is a cluster of dossier's galaxy")
print("MISP: %d attributes (%d claims, %d attribution rows, %d threat actors), %d clusters" %
      (len(attrs), len(claims), len(attribution), len(ta),
       sum(len(g["GalaxyCluster"]) for g in E["Galaxy"])))
rc, out, err = d.run("export", "--format", "misp", "--tlp", "amber+strict")
tagged = json.loads(out)["Event"]
check([t["name"] for t in tagged.get("Tag", [])] == ["tlp:amber+strict"],
      "--tlp tags the event from MISP's tlp taxonomy: %r" % tagged.get("Tag"))
check("Tag" not in E, "no --tlp, no tag")
before = E["timestamp"]
d.run("grade", claims[1]["id"], "C", "3", "--author", "carol")
after = json.loads(export("misp"))["Event"]["timestamp"]
check(int(after) >= int(before) and after != raw, "a new grade is a newer event")

# ---- Timesketch ------------------------------------------------------------------
lines = export("timesketch").splitlines()
docs = [json.loads(l) for l in lines]
check(docs, "the timeline is exported")
stamps = []
for x in docs:
    check(x["message"] and x["timestamp_desc"] and x["datetime"],
          "Timesketch's required fields: %r" % x)
    check(x["datetime"].endswith("+00:00") and x["timestamp"] % 1000000 == 0,
          "an ISO 8601 time in UTC and microseconds: %r" % x)
    stamps.append(x["timestamp"])
check(stamps == sorted(stamps), "lines in date order")
entries = d.json("timeline", "--entries")
dated = [e for e in entries if e["date"][:4].isdigit()]
check({x["entry_id"] for x in docs} == {e["id"] for e in dated},
      "every entry with a calendar date, and no other (%d of %d entries)" %
      (len(dated), len(entries)))
coarse = [x for x in docs if x["date_precision"] not in ("day", "time")]
check(coarse, "coarser dates are there too")
for x in coarse:
    check(x["date"] and x["datetime"].startswith(x["date"][:4]),
          "a coarse date keeps its value and precision: %r" % x)
print("Timesketch: %d lines of %d entries (%d coarser than a day)" %
      (len(docs), len(entries), len(coarse)))
print("ok")
