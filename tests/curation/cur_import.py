"""dossier import of other platforms' documents (docs/interop.md): a STIX 2.1
bundle and a MISP event, written here, each imported into a fresh daemon.

- A report with text becomes an article (its id the hash of the text made
  from its description and the notes it refers to), with its title,
  publisher, URL and day; a MISP event's info and text attributes one
  article, with the event's date, creator and first link.
- Actors' aliases (STIX aliases, MISP galaxy synonyms and threat-actor
  objects) are judged the same names (NamesJudged, as `dossier merge`
  writes them): the actor the articles name carries its aliases, and `why`
  on it shows the judgement by the analyst, naming the file.
- The rest is kept as notes: `why` on the report's article shows which
  object of the file it is, and the indicator, relationship and opinion
  lines, by the analyst, naming the file;
  the cover article lists them too (the extractor finds the indicator in
  it).
- Importing the same file again adds nothing: the log is as long as before.
- Bad input (not JSON, wrong types, huge strings, deep nesting, invalid
  UTF-8, neither a bundle nor an event) is refused with exit 5, a message
  saying where, and nothing written."""
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cur import *  # noqa: E402,F401,F403

t = tmpdir()
isolate(t)

DESC = ("Investigators said the intrusion at Northwind Bank was carried out by the "
        "Copper Fox group, a hacking group")
QUOTE = "Officials said Copper Fox used the server 203.0.113.9 in the attack"
BUNDLE = {
    "type": "bundle", "id": "bundle--8d2f2f0e-1111-4c1e-9c57-2b7f0b7d0001",
    "objects": [
        {"type": "marking-definition", "spec_version": "2.1",
         "id": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
         "created": "2022-10-01T00:00:00.000Z", "name": "TLP:CLEAR"},
        {"type": "report", "spec_version": "2.1",
         "id": "report--8d2f2f0e-1111-4c1e-9c57-2b7f0b7d0002",
         "created": "2024-05-02T10:00:00.000Z", "modified": "2024-05-02T10:00:00.000Z",
         "name": "Copper Fox at Northwind", "published": "2024-05-02T09:00:00.000Z",
         "description": DESC,
         "external_references": [{"source_name": "Example Lab",
                                  "url": "https://lab.example/copper-fox"}],
         "object_refs": ["note--8d2f2f0e-1111-4c1e-9c57-2b7f0b7d0003",
                         "intrusion-set--8d2f2f0e-1111-4c1e-9c57-2b7f0b7d0004",
                         "indicator--8d2f2f0e-1111-4c1e-9c57-2b7f0b7d0005",
                         "relationship--8d2f2f0e-1111-4c1e-9c57-2b7f0b7d0006",
                         "opinion--8d2f2f0e-1111-4c1e-9c57-2b7f0b7d0007"]},
        {"type": "note", "spec_version": "2.1",
         "id": "note--8d2f2f0e-1111-4c1e-9c57-2b7f0b7d0003",
         "created": "2024-05-02T10:00:00.000Z", "modified": "2024-05-02T10:00:00.000Z",
         "content": QUOTE,
         "object_refs": ["report--8d2f2f0e-1111-4c1e-9c57-2b7f0b7d0002"]},
        {"type": "intrusion-set", "spec_version": "2.1",
         "id": "intrusion-set--8d2f2f0e-1111-4c1e-9c57-2b7f0b7d0004",
         "created": "2024-05-02T10:00:00.000Z", "modified": "2024-05-02T10:00:00.000Z",
         "name": "Copper Fox", "aliases": ["Copper Fox", "Bronze Lynx", "TA-999"]},
        {"type": "indicator", "spec_version": "2.1",
         "id": "indicator--8d2f2f0e-1111-4c1e-9c57-2b7f0b7d0005",
         "created": "2024-05-02T10:00:00.000Z", "modified": "2024-05-02T10:00:00.000Z",
         "name": "C2 server", "pattern": "[ipv4-addr:value = '198.51.100.23']",
         "pattern_type": "stix", "valid_from": "2024-05-02T10:00:00.000Z"},
        {"type": "relationship", "spec_version": "2.1",
         "id": "relationship--8d2f2f0e-1111-4c1e-9c57-2b7f0b7d0006",
         "created": "2024-05-02T10:00:00.000Z", "modified": "2024-05-02T10:00:00.000Z",
         "relationship_type": "indicates",
         "source_ref": "indicator--8d2f2f0e-1111-4c1e-9c57-2b7f0b7d0005",
         "target_ref": "intrusion-set--8d2f2f0e-1111-4c1e-9c57-2b7f0b7d0004"},
        {"type": "opinion", "spec_version": "2.1",
         "id": "opinion--8d2f2f0e-1111-4c1e-9c57-2b7f0b7d0007",
         "created": "2024-05-03T10:00:00.000Z", "modified": "2024-05-03T10:00:00.000Z",
         "opinion": "agree", "explanation": "Matches our telemetry.",
         "object_refs": ["note--8d2f2f0e-1111-4c1e-9c57-2b7f0b7d0003"]},
    ]}
EVENT = {"Event": {
    "uuid": "6f1f6f0e-2222-4c1e-9c57-2b7f0b7d0001", "info": "Phishing wave against Contoso",
    "date": "2024-06-10", "Orgc": {"name": "Example CERT"},
    "Tag": [{"name": "tlp:green"}],
    "Attribute": [
        {"type": "text", "category": "External analysis",
         "value": "Analysts said the Velvet Heron group sent the phishing mail to Contoso staff"},
        {"type": "link", "category": "External analysis", "value": "https://cert.example/a/1"},
        {"type": "ip-dst", "category": "Network activity", "value": "192.0.2.44",
         "comment": "the drop server"},
        {"type": "threat-actor", "category": "Attribution", "value": "Velvet Heron"}],
    "Object": [{"name": "threat-actor", "Attribute": [
        {"object_relation": "name", "type": "text", "value": "Velvet Heron"},
        {"object_relation": "alias", "type": "text", "value": "TA-4242"}]}],
    "Galaxy": [{"type": "threat-actor", "name": "Threat Actor", "GalaxyCluster": [
        {"value": "Velvet Heron", "meta": {"synonyms": ["Grey Heron Team"]}}]}],
}}


def blake(text):
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def write(name, doc):
    path = os.path.join(t, name)
    with open(path, "wb") as f:
        f.write(doc if isinstance(doc, bytes) else json.dumps(doc).encode())
    return path


# ---- STIX --------------------------------------------------------------------
d = Daemon(os.path.join(t, "stix"))
sp = write("lab.stix.json", BUNDLE)
res = run_json(d, "import", sp, "--author", "alice")
check(res["format"] == "STIX 2.1 bundle" and res["articles"] == 2 and res["filed"] == 2 and
      res["judged"] == 2 and not res["imported_before"], "the bundle's plan: %r" % res)
arts = {a["title"]: a for a in d.json("articles")}
rep = arts.get("Copper Fox at Northwind")
check(rep and rep["publisher"] == "Example Lab" and rep["url"] == "https://lab.example/copper-fox"
      and rep["published"] == "2024-05-02", "the report is an article: %r" % rep)
# its text: the description, then the note's quote, each a sentence
check(rep["id"] == blake(DESC + ".\n\n" + QUOTE + "."), "the article's text is the report's "
      "description and its note's content")
check(rep["claims"] >= 1 and rep["actors"] >= 1, "it was extracted: %r" % rep)
cover = arts.get("lab.stix.json (STIX 2.1 bundle)")
check(cover is not None, "the cover article: %r" % list(arts))
fox = actor(d, "Copper Fox")
check(fox and {"Bronze Lynx", "TA-999"} <= set(fox["aliases"]) | {fox["name"]},
      "the intrusion-set's aliases are the actor's names: %r" % fox)
judged = [w for w in why(d, "Copper Fox") if w["act"] == "judged"]
check(judged and all(w["author"] == "alice" and "lab.stix.json" in w["detail"] for w in judged),
      "why shows the judgements by alice, naming the file: %r" % judged)
notes = [w["detail"] for w in why(d, rep["id"]) if w["act"] == "note"]
want = ["lab.stix.json: the report report--8d2f2f0e-1111-4c1e-9c57-2b7f0b7d0002, filed as "
        "this article",
        "lab.stix.json: indicator C2 server: [ipv4-addr:value = '198.51.100.23']",
        "lab.stix.json: relationship: C2 server indicates Copper Fox",
        "lab.stix.json: opinion agree on " + QUOTE + ": Matches our telemetry."]
check(sorted(notes) == sorted(want), "the rest as notes on the report's article: %r" % notes)
check(all(w["author"] == "alice" for w in why(d, rep["id"]) if w["act"] == "note"),
      "by the analyst")
marker = [w for w in why(d, cover["id"]) if w["act"] == "note"]
check(len(marker) == 1 and "imported from a STIX 2.1 bundle (sha256 " in marker[0]["detail"],
      "the cover says what was imported: %r" % marker)
check(any(r["value"] == "198.51.100.23" for r in d.json("indicators")),
      "the indicator's address is found in the cover")
end = d.json("status")["log_end"]
res = run_json(d, "import", sp, "--author", "alice")
check(res["imported_before"] and res["filed"] == 0 and res["judged"] == 0 and res["notes"] == 0,
      "the second import: %r" % res)
check(d.json("status")["log_end"] == end, "the second import adds nothing to the log")
res = run_json(d, "import", sp, "--author", "bob")
check(d.json("status")["log_end"] == end, "nor in another analyst's name")

# ---- MISP --------------------------------------------------------------------
m = Daemon(os.path.join(t, "misp"))
mp = write("cert.misp.json", EVENT)
res = run_json(m, "import", mp, "--author", "bob")
check(res["format"] == "MISP event" and res["filed"] == 2 and res["judged"] == 2,
      "the event's plan: %r" % res)
arts = {a["title"]: a for a in m.json("articles")}
ev = arts.get("Phishing wave against Contoso")
check(ev and ev["publisher"] == "Example CERT" and ev["url"] == "https://cert.example/a/1" and
      ev["published"] == "2024-06-10", "the event is an article: %r" % ev)
check(ev["id"] == blake("Phishing wave against Contoso.\n\n" +
                        EVENT["Event"]["Attribute"][0]["value"] + "."),
      "its text: the info and the text attribute")
heron = actor(m, "Velvet Heron")
check(heron and {"TA-4242", "Grey Heron Team"} <= set(heron["aliases"]) | {heron["name"]},
      "the cluster's synonym and the object's alias are the actor's names: %r" % heron)
notes = [w for w in why(m, ev["id"]) if w["act"] == "note"]
check(any(w["detail"] == "cert.misp.json: attribute ip-dst (network activity): 192.0.2.44 — "
          "the drop server" for w in notes) and
      any(w["detail"] == "cert.misp.json: the event's tags: tlp:green" for w in notes) and
      any(w["detail"] == "cert.misp.json: the MISP event 6f1f6f0e-2222-4c1e-9c57-2b7f0b7d0001, "
          "filed as this article" for w in notes) and
      all(w["author"] == "bob" for w in notes), "attributes and tags as notes: %r" % notes)
end = m.json("status")["log_end"]
res = run_json(m, "import", mp, "--author", "bob")
check(res["imported_before"] and m.json("status")["log_end"] == end,
      "the second import adds nothing to the log")
# The same event as MISP's search answers it, and as a bare event object.
res = run_json(m, "import", write("search.json", {"response": [EVENT]}), "--author", "bob")
check(res["format"] == "MISP event" and res["duplicates"] >= 1, "a search answer: %r" % res)
res = run_json(m, "import", write("bare.json", EVENT["Event"]), "--author", "bob")
check(res["format"] == "MISP event" and res["duplicates"] >= 1, "a bare event: %r" % res)

# ---- bad input -----------------------------------------------------------------
bad = [
    ("notjson", b"{\"type\": \"bundle\", \"objects\": [", "not JSON"),
    ("neither", {"type": "indicator", "id": "x"},
     'a STIX 2.1 bundle ({"type": "bundle"}) or a MISP event'),
    ("objects", {"type": "bundle", "objects": {"a": 1}}, "bundle.objects: not a list"),
    ("notype", {"type": "bundle", "objects": [{"id": "note--1"}]}, "objects[0]: no type"),
    ("name", {"type": "bundle", "objects": [{"type": "report", "id": "report--1", "name": 5}]},
     "objects[0].name: not a string"),
    ("alias", {"type": "bundle", "objects": [{"type": "intrusion-set", "id": "intrusion-set--1",
                                              "name": "X Group", "aliases": ["Y", 7]}]},
     "objects[0].aliases[1]: not a name"),
    ("hugename", {"type": "bundle", "objects": [{"type": "intrusion-set", "id": "intrusion-set--1",
                                                 "name": "N" * 600}]},
     "objects[0].name: 600 bytes, over the 512"),
    ("hugetext", {"type": "bundle", "objects": [{"type": "report", "id": "report--1",
                                                 "name": "r", "description": "x" * (17 << 20)}]},
     "objects[0].description: %d bytes" % (17 << 20)),
    ("deep", b"{\"type\": \"bundle\", \"objects\": [" + b"[" * 200 + b"]" * 200 + b"]}",
     "nested deeper than 64"),
    ("utf8", b"{\"type\": \"bundle\", \"objects\": [{\"type\": \"note\", \"id\": \"note--1\", "
     b"\"content\": \"\xff\xfe\"}]}", "not JSON"),
    ("mispattr", {"Event": {"info": "x", "Attribute": {"type": "text"}}},
     "Event.Attribute: not a list"),
    ("mispsyn", {"Event": {"info": "x", "Galaxy": [{"type": "threat-actor", "GalaxyCluster": [
        {"value": "A Team", "meta": {"synonyms": [["B"]]}}]}]}},
     "Event.Galaxy[0].GalaxyCluster[0].synonyms[0]: not a name"),
    ("mispinfo", {"Event": {"info": "i" * 70000}}, "Event.info: 70000 bytes"),
]
for name, doc, msg in bad:
    path = write(name + ".json", doc)
    before = d.json("status")["log_end"]
    rc, out, err = d.run("import", path, check_rc=5)
    check(msg in err and path in err, "%s: a clear error: %r" % (name, err[-300:]))
    check(d.json("status")["log_end"] == before, "%s: nothing written" % name)
print("import: STIX and MISP, aliases joined, notes by their analysts; %d bad inputs refused"
      % len(bad))
print("ok")
