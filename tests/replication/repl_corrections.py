"""Corrections of articles, end to end on the real binaries (issue 14,
point 4).  On replica a, with the sample corpus filed: an article's
publication date is amended, and its relative dates move with it ("last
week" is another week); a bad date is refused with exit 2 and nothing
written; the article is withdrawn (its actors, claims, entries and
indicators leave every view and count, the log keeps them, `why` tells it)
and restored (the views are again what they were, once the date is set
back).  Replica b, which filed the same articles, withdraws one of them
while a corrects its title; after `dossier sync` both show the same
article, the same winner and conflict, and the same view digest, and each
equals a rebuild of its views from the log (dossierd --check)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from repl import *  # noqa: E402,F401,F403

root = tmpdir()
os.environ["XDG_CONFIG_HOME"] = os.path.join(root, "config")
os.environ.pop("DOSSIER_AUTHOR", None)
a, b = cluster(2, root)
docs = svc.gold()["docs"]
ingest_docs(a, docs)


def picture(n):
    """Everything the views answer about facts, in a comparable form."""
    return {
        "claims": sorted(json.dumps(c, sort_keys=True) for c in n.json("claims")),
        "entries": sorted(json.dumps(e, sort_keys=True)
                          for e in n.json("timeline", "--entries")),
        "timeline": sorted(json.dumps(e, sort_keys=True) for e in n.json("timeline")),
        "actors": sorted(json.dumps(x, sort_keys=True) for x in n.json("actors")),
        "attribution": sorted(json.dumps(x, sort_keys=True) for x in n.json("attribution")),
        "indicators": sorted(json.dumps(x, sort_keys=True) for x in n.json("indicators")),
    }


before = picture(a)
st0 = a.status()

# The article with a relative date: an entry dated by "last week".
weekly = [e for e in a.json("timeline", "--entries")
          if "last week" in e["text"] and e["precision"] == "week"]
check(weekly, "an entry dated by 'last week' in the sample corpus")
ent = weekly[0]
art = ent["article"]
arow = [x for x in a.json("articles") if x["id"] == art][0]
published = arow["published"]
check(ent["date"] == "2014-W48" and published.startswith("2014-12-01"),
      "'last week' of an article of 2014-12-01 is 2014-W48: %r %r" % (ent, published))

# ---- amend the publication date ---------------------------------------------
n0 = a.events()
rc, out, err = a.run("article", "amend", art[:8], "--published", "2014-13-45", check_rc=2)
check("not a date" in err, "a bad date is refused: %r" % err)
a.run("article", "amend", art[:8], "--published", "Dec 20 2014", check_rc=2)
check(a.events() == n0, "nothing written for a bad date")
a.run("article", "amend", art[:8], "--published", "2014-12-20", "--note", "wire date",
      "--author", "alice")
check(a.events() == n0 + 1, "one event for the correction")
moved = [e for e in a.json("timeline", "--entries") if e["id"] == ent["id"]][0]
check(moved["date"] == "2014-W50", "'last week' of 2014-12-20 is 2014-W50: %r" % moved)
check([x for x in a.json("articles") if x["id"] == art][0]["published"] == "2014-12-20",
      "the article shows its corrected date")
# An absolute date in the same article does not move.
fixed = [e for e in a.json("timeline", "--entries", "--article", art) if e["id"] != ent["id"]]
check(fixed and all(e["date"] != "" for e in fixed), "the article's other entries")
acts = [i["act"] for i in a.json("why", ent["id"])["items"]]
check("redated" in acts, "why tells the entry moved with its article: %r" % acts)
acts = [(i["act"], i["author"]) for i in a.json("why", art)["items"]]
check(("corrected", "alice") in acts, "why ARTICLE shows alice's correction: %r" % acts)

# ---- withdraw ------------------------------------------------------------------
mine = {
    "claims": [c["id"] for c in a.json("claims", "--article", art)],
    "entries": [e["id"] for e in a.json("timeline", "--entries", "--article", art)],
}
check(mine["claims"] and mine["entries"], "the article has claims and entries")
a.run("article", "withdraw", art, "--note", "filed by mistake", "--author", "bob")
check(art not in [x["id"] for x in a.json("articles")], "a withdrawn article is not listed")
st = a.status()
check(st["articles"] == st0["articles"] - 1 and
      st["claims"] == st0["claims"] - arow["claims"] and
      st["entries"] == st0["entries"] - arow["entries"],
      "the counts leave with it: %r vs %r" % (st, st0))
claim_ids = {c["id"] for c in a.json("claims")}
check(not claim_ids & set(mine["claims"]), "its claims are in no list")
entry_ids = {e["id"] for e in a.json("timeline", "--entries")}
check(not entry_ids & set(mine["entries"]), "its entries are off the timeline")
for row in a.json("attribution"):
    check(not set(row["claims"]) & set(mine["claims"]),
          "no attribution row rests on its claims: %r" % row)
for g in a.json("timeline"):
    check(art not in g.get("articles", []), "no timeline group lists it")
check(a.events() == n0 + 2, "the log keeps everything: one event more")
acts = [i["act"] for i in a.json("why", art)["items"]]
check("withdrawn" in acts and "filed" in acts, "why tells it was filed and withdrawn: %r" % acts)
# Filing it again does not bring it back behind the analyst's back.
doc = [d for d in docs if d["title"] == arow["title"]][0]
n1 = a.events()
res = a.json("ingest", *svc.ingest_args(doc))
check(res[0]["result"].get("duplicate") and a.events() == n1,
      "filing it again adds nothing: %r" % res)
check(art not in [x["id"] for x in a.json("articles")], "re-filing does not restore it")

# ---- restore -------------------------------------------------------------------
a.run("article", "restore", art[:6], "--author", "bob")
a.run("article", "amend", art, "--published", published, "--author", "alice")
after = picture(a)
for k in before:
    check(before[k] == after[k], "%s: restored and dated back, the views are as before" % k)
acts = [i["act"] for i in a.json("why", art)["items"]]
check("restored" in acts, "why tells it was restored: %r" % acts)

# ---- two replicas ----------------------------------------------------------------
ingest_docs(b, docs)
b.run("article", "withdraw", art, "--author", "carol")
a.run("article", "amend", art, "--title", "Corrected headline", "--author", "alice")
b.run("article", "amend", art, "--title", "Carol's headline", "--author", "carol")
res, rc, err = a.sync_with(b)
check(rc == 0, "sync: %s" % err)
da, db = a.digest(), b.digest()
check(da == db, "the replicas converge after sync: %s vs %s" % (da, db))
check(a.json("articles") == b.json("articles"), "the same articles on both")
listed = art in [x["id"] for x in a.json("articles")]
check(not listed, "carol's withdrawal is the latest edit of that field: withdrawn on both")
conf = [x for x in a.json("conflicts") if x["target"] == art and x["field"] == "title"]
check(conf and conf[0]["value"] == "Corrected headline" and conf[0]["current"] == "Carol's headline",
      "alice's title lost to carol's later one, listed on both: %r" % conf)
check(b.json("conflicts") == a.json("conflicts"), "the same conflicts on both")
b.run("article", "restore", art, "--author", "carol")
a.sync_with(b)
row = [x for x in a.json("articles") if x["id"] == art]
check(row and row[0]["title"] == "Carol's headline", "restored, with the winning title: %r" % row)
check(a.digest() == b.digest(), "converged again")
# The views equal a rebuild from the log, on both.
check(a.check_rebuild() == b.check_rebuild(), "rebuilt views agree")
print("ok")
