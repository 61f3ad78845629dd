"""cur.py: what the curation tests share, on top of tests/service/svc.py:
an environment with no user config, the sample corpus ingested, and small
lookups in the views."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "service"))
from svc import *  # noqa: E402,F401,F403
import svc  # noqa: E402


def isolate(t):
    """No config file of the person running the tests, and a known login
    name: the author of events is then whatever a test says."""
    os.environ["XDG_CONFIG_HOME"] = os.path.join(t, "config")
    os.environ.pop("DOSSIER_AUTHOR", None)
    os.environ["USER"] = "tester"


def corpus_daemon(t, name="data"):
    d = svc.Daemon(os.path.join(t, name))
    res = svc.ingest_corpus(d)
    if sum(r["actors"] for r in res) == 0:
        svc.skip("the extractor found no actor in the sample corpus")
    return d


def actor(d, name):
    return d.json("actor", name)["actor"]


def claim(d, cid):
    for c in d.json("claims"):
        if c["id"] == cid:
            return c
    return None


def entry(d, eid, removed=False):
    args = ["timeline", "--entries"] + (["--removed"] if removed else [])
    for e in d.json(*args):
        if e["id"] == eid:
            return e
    return None


def why(d, what, **kw):
    return d.json("why", what, **kw)["items"]


def article_texts(d):
    """Article id -> the bytes of its text, for checking quotes against
    spans (the articles are matched to the corpus files by title)."""
    by_title = {}
    for doc in svc.gold()["docs"]:
        with open(os.path.join(svc.CORPUS, doc["file"]), "rb") as f:
            by_title[doc["title"]] = f.read()
    return {a["id"]: by_title[a["title"]] for a in d.json("articles")}


def run_json(d, *args, check_rc=0):
    rc, out, err = d.run(*(list(args) + ["--json"]), check_rc=check_rc)
    return json.loads(out) if out.strip() else None
