"""Every export that can be read back is, into a fresh daemon (docs/interop.md,
"Round trips"), from the sample corpus with one claim graded and a note on
an actor:

- dossier JSON: the same view digest (the events themselves travel);
- STIX: each report becomes an article whose text is its claims' quotes (the
  notes' content) in the order of their spans, so every claim's quote is in
  an article of the new store (checked by the article id, the hash of that
  text); the extractor finds claims in them again (how many, printed); every
  actor's aliases are judged the same names, so each exported actor whose
  names the new store knows is one actor there; the grade survives as a note
  (the opinion's line) on its claim's article, by the importing analyst;
- MISP: the event's article holds every claim's text attribute; the
  galaxies' synonyms join the same names;
- importing each again adds nothing."""
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cur import *  # noqa: E402,F401,F403

gold()   # skips when the sample corpus (../shared) is absent
t = tmpdir()
isolate(t)
a = corpus_daemon(t, "a")
claims = a.json("claims")
graded = claims[0]
a.run("grade", graded["id"], "B", "2", "--author", "bob")
actors = a.json("actors")
grp = [x for x in actors if x["aliases"]][0]
a.run("note", "actor", grp["name"], "watch this one", "--author", "bob")
paths = {}
for fmt in ("json", "stix", "misp"):
    paths[fmt] = os.path.join(t, "a." + fmt + ".json")
    a.run("export", "--format", fmt, "-o", paths[fmt])


def blake(text):
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def para(s):
    s = s.rstrip(" \n\t\r")
    if not s:
        return ""
    if s[-1] not in ".!?\"')]" and not s.endswith("\u201d"):
        s += "."
    return s + "\n\n"


def names_of(d):
    """Name -> actor key, for every name of every actor."""
    out = {}
    for x in d.json("actors"):
        for n in [x["name"]] + x["aliases"]:
            out[n] = x["key"]
    return out


def joined(d, actor_list):
    """Of the actors with aliases, the pairs (name, alias) the daemon knows
    both names of, and of those the ones it holds as one actor."""
    known = names_of(d)
    both = same = 0
    for x in actor_list:
        for al in x["aliases"]:
            if x["name"] in known and al in known:
                both += 1
                same += known[x["name"]] == known[al]
    return both, same


# ---- dossier JSON -----------------------------------------------------------------
b = Daemon(os.path.join(t, "b"))
res = run_json(b, "import", paths["json"])
check(res["refused"] == 0 and b.json("status", "--digest")["digest"] ==
      a.json("status", "--digest")["digest"], "JSON: the same view digest: %r" % res)

# ---- STIX -------------------------------------------------------------------------
c = Daemon(os.path.join(t, "c"))
res = run_json(c, "import", paths["stix"], "--author", "carol")
bundle = json.load(open(paths["stix"]))["objects"]
byid = {o["id"]: o for o in bundle}


def ext(o):
    e = o.get("extensions") or {}
    return list(e.values())[0] if e else {}


reports = [o for o in bundle if o["type"] == "report"]
carts = {x["id"]: x for x in c.json("articles")}
quoted = 0
art_of_note = {}
for r in reports:
    notes = [byid[i] for i in r["object_refs"] if i in byid and byid[i]["type"] == "note" and
             byid[i].get("content")]
    notes.sort(key=lambda n: ext(n).get("span", [1 << 62])[0])
    text = "".join(para(n["content"]) for n in notes).rstrip("\n")
    if not text:
        continue
    aid = blake(text)
    check(aid in carts and carts[aid]["title"] == r["name"] and
          carts[aid]["published"] == r["published"][:10],
          "STIX: the report %r is an article of its quotes" % r["name"])
    quoted += len(notes)
    for n in notes:
        art_of_note[n["id"]] = aid
claim_notes = [o for o in bundle if o["type"] == "note" and ext(o).get("claim")]
check(quoted == len(claim_notes) == len(claims),
      "STIX: every claim's quote is in an article: %d of %d" % (quoted, len(claims)))
cclaims = c.json("claims")
same_content = {x["content"] for x in claims} & {x["content"] for x in cclaims}
print("STIX round trip: %d articles (%d reports + the cover), %d claims re-extracted from the "
      "quotes (%d of the %d original contents found again)" %
      (len(carts), len(reports), len(cclaims), len(same_content), len(claims)))
check(same_content, "STIX: the extractor finds claims in the quotes again")
both, same = joined(c, actors)
check(both and same == both, "STIX: aliases joined: %d of %d pairs whose names the new store "
      "knows are one actor" % (same, both))
print("STIX round trip: actors %d -> %d; %d of %d exported actors' names known; alias pairs "
      "known %d, joined %d" % (len(actors), len(c.json("actors")),
                               sum(x["name"] in names_of(c) for x in actors), len(actors), both, same))
gnote = [o for o in bundle if o["type"] == "note" and ext(o).get("claim") == graded["id"]][0]
lines = [w for w in why(c, art_of_note[gnote["id"]]) if w["act"] == "note"]
check(any("opinion" in w["detail"] and "Graded B2" in w["detail"] and w["author"] == "carol"
          for w in lines), "STIX: the grade is a note on its claim's article: %r" %
      [w["detail"][:80] for w in lines][:5])
end = c.json("status")["log_end"]
res = run_json(c, "import", paths["stix"], "--author", "carol")
check(res["imported_before"] and c.json("status")["log_end"] == end,
      "STIX: importing again adds nothing")

# ---- MISP -------------------------------------------------------------------------
e = Daemon(os.path.join(t, "e"))
res = run_json(e, "import", paths["misp"], "--author", "erin")
event = json.load(open(paths["misp"]))["Event"]
texts = [x["value"] for x in event["Attribute"] if x["type"] == "text"]
text = para(event["info"]) + "".join(para(x) for x in texts)
earts = {x["id"]: x for x in e.json("articles")}
check(blake(text.rstrip("\n")) in earts, "MISP: the event is an article of its info and its "
      "%d text attributes (each claim's among them)" % len(texts))
both, same = joined(e, actors)
check(both and same == both, "MISP: synonyms joined: %d of %d pairs" % (same, both))
print("MISP round trip: %d articles, %d claims, actors %d, alias pairs known %d, joined %d" %
      (len(earts), len(e.json("claims")), len(e.json("actors")), both, same))
end = e.json("status")["log_end"]
res = run_json(e, "import", paths["misp"], "--author", "erin")
check(res["imported_before"] and e.json("status")["log_end"] == end,
      "MISP: importing again adds nothing")
print("ok")
