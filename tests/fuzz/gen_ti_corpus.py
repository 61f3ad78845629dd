#!/usr/bin/env python3
"""gen_ti_corpus.py [DIR]: seeds for fuzz_ti (the STIX and MISP readers of
`dossier import`): small bundles and events of every shape the readers take
apart (reports with notes, actors with aliases in the object and in an
extension, indicators, relationships, opinions, MISP attributes, objects,
galaxies, search answers) and some they refuse.  Written here; each file
is named by the SHA-1 of its bytes, as libFuzzer names its finds."""
import hashlib
import json
import os
import sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus-ti")
os.makedirs(out, exist_ok=True)
R = "report--00000000-0000-4000-8000-000000000001"
N = "note--00000000-0000-4000-8000-000000000002"
S = "intrusion-set--00000000-0000-4000-8000-000000000003"
I = "indicator--00000000-0000-4000-8000-000000000004"
EXT = "extension-definition--00000000-0000-4000-8000-000000000005"
seeds = [
    {"type": "bundle", "id": "bundle--1", "objects": [
        {"type": "report", "id": R, "name": "A report", "published": "2024-05-02T00:00:00Z",
         "description": "Officials said the Copper Fox group attacked the bank",
         "external_references": [{"source_name": "Lab", "url": "https://lab.example/r"}],
         "object_refs": [N, S, I]},
        {"type": "note", "id": N, "content": "A quote about the attack",
         "extensions": {EXT: {"extension_type": "property-extension", "span": [10, 40]}},
         "object_refs": [R]},
        {"type": "intrusion-set", "id": S, "name": "Copper Fox", "aliases": ["Bronze Lynx"]},
        {"type": "identity", "id": "identity--1", "name": "Northwind Bank",
         "extensions": {EXT: {"aliases": ["Northwind"]}}},
        {"type": "location", "id": "location--1", "name": "North Korea", "country": "KP"},
        {"type": "indicator", "id": I, "name": "C2", "pattern": "[ipv4-addr:value = '1.2.3.4']"},
        {"type": "relationship", "id": "relationship--1", "relationship_type": "indicates",
         "source_ref": I, "target_ref": S, "description": "seen"},
        {"type": "opinion", "id": "opinion--1", "opinion": "agree", "object_refs": [N],
         "explanation": "yes"},
        {"type": "ipv4-addr", "id": "ipv4-addr--1", "value": "1.2.3.4"},
        {"type": "file", "id": "file--1", "hashes": {"SHA-256": "ab" * 32}},
        {"type": "note", "id": "note--9", "abstract": "alone", "content": "A note alone",
         "authors": ["Ann"], "created": "2024-01-01T00:00:00Z"},
        {"type": "marking-definition", "id": "marking-definition--1"}]},
    {"type": "bundle", "id": "bundle--2", "objects": []},
    {"type": "bundle", "id": "bundle--3"},
    {"Event": {"info": "Phishing wave", "date": "2024-06-10", "Orgc": {"name": "CERT"},
               "Tag": [{"name": "tlp:green"}],
               "Attribute": [{"type": "text", "category": "External analysis", "value": "A text"},
                             {"type": "link", "category": "External analysis", "value": "https://x"},
                             {"type": "ip-dst", "category": "Network activity", "value": "5.6.7.8",
                              "comment": "c", "Tag": [{"name": "t"}]},
                             {"type": "threat-actor", "category": "Attribution", "value": "Heron"}],
               "Object": [{"name": "threat-actor", "Attribute": [
                   {"object_relation": "name", "value": "Heron"},
                   {"object_relation": "alias", "value": "TA-1"}]},
                   {"name": "file", "Attribute": [{"type": "md5", "category": "Payload delivery",
                                                   "value": "d41d8cd98f00b204e9800998ecf8427e"}]}],
               "Galaxy": [{"type": "threat-actor", "GalaxyCluster": [
                   {"value": "Heron", "meta": {"synonyms": ["Grey Heron"]}}]},
                   {"type": "mitre-attack-pattern", "GalaxyCluster": [{"value": "Phishing"}]}]}},
    {"response": [{"Event": {"info": "one"}}, {"Event": {"info": "two"}}]},
    {"info": "a bare event", "uuid": "u", "Attribute": []},
    {"type": "bundle", "objects": [{"type": "report", "id": "r", "name": 5}]},
    {"type": "bundle", "objects": [{"type": "intrusion-set", "id": "i", "name": "X", "aliases": [1]}]},
    {"Event": {"info": "x", "Attribute": {"type": "text"}}},
    {"schema": "dossier.export/1", "events": []},
]
raw = [json.dumps(s).encode() for s in seeds]
raw += [b"{\"type\": \"bundle\", \"objects\": [" + b"[" * 80 + b"]" * 80 + b"]}",
        b"{\"type\": \"bundle\", \"objects\": [{\"type\": \"note\", \"id\": \"n\", \"content\": \"\xff\"}]}",
        b"not json"]
for b in raw:
    with open(os.path.join(out, hashlib.sha1(b).hexdigest()), "wb") as f:
        f.write(b)
print("%d seeds in %s" % (len(raw), out))
