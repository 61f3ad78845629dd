"""Every curation command against a real dossierd holding the sample
corpus, checked by what the views show afterwards: merge makes one actor
and unmerge restores two; distinct splits an actor and unmerge rejoins it;
name sets the display name and kind; confirm, dispute and retract set a
claim's status and move its confidence; grade sets the Admiralty grade;
entry add/amend/remove/restore shape the timeline; notes and acts show in
`dossier why` with their authors; the author comes from --author,
$DOSSIER_AUTHOR, the config file or the login name; short ids resolve."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cur import *  # noqa: E402,F401,F403


def key(name):
    """Roughly core/model/name.c's identity key: enough to pick names that are
    surely different names."""
    k = re.sub(r"[^0-9a-z]", "", name.lower())
    return k[3:] if k.startswith("the") else k


t = tmpdir()
isolate(t)
d = corpus_daemon(t)
texts = article_texts(d)

# ---- merge, unmerge -------------------------------------------------------
actors = d.json("actors")
n_actors = len(actors)
people = [a for a in actors if a["kind"] == "person" and not a["aliases"]]
check(len(people) >= 2, "two actors of one name each to merge: %r" % [a["name"] for a in actors])
x, y = people[0]["name"], people[1]["name"]
res = run_json(d, "merge", x, y, "--note", "one source, two names", "--author", "alice")
check(res["act"] == "merge" and res["author"] == "alice" and res["one_actor"],
      "merge reports one actor: %r" % res)
check(actor(d, x)["key"] == actor(d, y)["key"], "after merge, %r and %r are one actor" % (x, y))
check(len(d.json("actors")) == n_actors - 1, "merge: one actor fewer")
merged = actor(d, x)
check({x, y} <= {merged["name"], *merged["aliases"]}, "the merged actor has both names: %r" % merged)
judged = [w for w in why(d, x) if w["act"] == "judged"]
check(judged and judged[0]["author"] == "alice" and "one source, two names" in judged[0]["detail"],
      "why shows the merge with its author and note: %r" % judged)

res = run_json(d, "unmerge", x, y, "--author", "bob")
check(not res["one_actor"], "unmerge reports two actors: %r" % res)
check(actor(d, x)["key"] != actor(d, y)["key"], "unmerge restores two actors")
check(len(d.json("actors")) == n_actors, "unmerge: the count is back")

# ---- distinct, unmerge ----------------------------------------------------
gop = [a for a in actors if "G.O.P." in a["aliases"] or a["name"] == "G.O.P."]
check(len(gop) == 1, "one Guardians of Peace actor")
gop = gop[0]
names = [gop["name"]] + gop["aliases"]
n1 = names[0]
others = [n for n in names[1:] if key(n) != key(n1)]
check(others, "the GOP actor has two different names: %r" % names)
n2 = others[-1]
res = run_json(d, "distinct", n1, n2, "--author", "alice")
check(not res["one_actor"], "distinct reports two actors: %r" % res)
check(actor(d, n1)["key"] != actor(d, n2)["key"], "distinct splits %r from %r" % (n1, n2))
d.run("unmerge", n1, n2)
check(actor(d, n1)["key"] == actor(d, n2)["key"], "unmerge of a distinct judgement rejoins them")

# ---- name ------------------------------------------------------------------
res = run_json(d, "name", n2, "--preferred", "The Guardians", "--kind", "organization")
a = actor(d, n1)
check(a["name"] == "The Guardians" and a["kind"] == "organization",
      "name sets the display name and kind: %r" % a)
d.run("name", n2, "--kind", "group")
check(actor(d, n1)["kind"] == "group", "a later kind wins")
cur = [w["detail"] for w in why(d, n1) if w["act"] == "curated"]
check("kind: group" in cur and "preferred name: The Guardians" in cur, "why: the curation %r" % cur)

# ---- claims: confirm, dispute, retract, grade --------------------------------
ICD = [(0, 4, "almost no chance"), (5, 19, "very unlikely"), (20, 44, "unlikely"),
       (45, 55, "roughly even chance"), (56, 79, "likely"), (80, 94, "very likely"),
       (95, 100, "almost certainly")]


def icd_ok(c):
    return any(lo <= c["confidence"] <= hi and c["likelihood"] == w for lo, hi, w in ICD)


claims = d.json("claims")
check(all(icd_ok(c) for c in claims), "every claim has its ICD 203 words")
check(all({"sources", "publishers", "corroborating", "contradicting"} <= set(c) for c in claims),
      "claims carry the derived figures")
c = [c for c in claims if c["article"]][0]
cid = c["id"]
d.run("confirm", cid, "--note", "checked with the FBI statement", "--author", "alice")
cc = claim(d, cid)
check(cc["status"] == "confirmed" and cc["confidence"] >= 90 and icd_ok(cc),
      "confirm: status and confidence: %r" % cc)
check(cc["status_note"] == "checked with the FBI statement", "the status note is kept")
d.run("dispute", cid, "--note", "single anonymous source", "--author", "bob")
cc = claim(d, cid)
check(cc["status"] == "disputed" and cc["confidence"] <= 30, "dispute: %r" % cc)
d.run("retract", cid, "--author", "carol")
cc = claim(d, cid)
check(cc["status"] == "retracted" and cc["confidence"] == 0 and cc["likelihood"] == "almost no chance",
      "retract: %r" % cc)
d.run("confirm", cid, "--author", "alice")
d.run("grade", cid, "B", "2", "--author", "dave")
cc = claim(d, cid)
check(cc["reliability"] == "B" and cc["credibility"] == 2, "grade B 2: %r" % cc)
d.run("grade", cid, "e5", "--note", "tabloid", "--author", "erin")
cc = claim(d, cid)
check(cc["reliability"] == "E" and cc["credibility"] == 5, "grade e5 (one word, any case)")
# Confirmed overrides the grade's pull: at least 90 whatever the grade.
check(cc["confidence"] >= 90, "a confirmed claim stays at least 90: %r" % cc)
items = why(d, cid)
acts = {w["act"]: w for w in items}
check(acts["assessed"]["author"] == "alice" and "confirmed" in acts["assessed"]["detail"],
      "why: the status in force and who set it: %r" % acts.get("assessed"))
check(acts["graded"]["author"] == "erin" and "E5" in acts["graded"]["detail"], "why: the grade")
lost = [w for w in items if w["act"] == "lost"]
check(len(lost) >= 3, "why: the overridden edits are listed: %r" % lost)
check(any(w["act"] == "note" and w["detail"] == "tabloid" and w["author"] == "erin" for w in items),
      "grade --note is a note on the claim")
ex = [w for w in items if w["act"] == "extracted"]
check(ex and ex[0]["title"] and ex[0]["publisher"] and ex[0]["span"], "why: the article and span")
sp = ex[0]["span"]
check(ex[0]["quote"].encode() == texts[ex[0]["article"]][sp["start"]:sp["end"]],
      "why: the quote is the article's text at the span")

# ---- timeline: entry add, amend, remove, restore ------------------------------
res = run_json(d, "entry", "add", "--date", "2014-11-24", "--text",
               "Sony staff find a red skull on their screens", "--actor", "Sony Pictures",
               "--actor", n1, "--author", "alice")
eid = res["entry"]
check(re.fullmatch(r"0{16}[0-9a-f]{16}", eid), "a hand-made entry's id: %r" % eid)
e = entry(d, eid)
check(e and e["date"] == "2014-11-24" and e["precision"] == "day" and e["author"] == "alice" and
      not e["article"] and "Sony Pictures" in e["actors"], "the entry is on the timeline: %r" % e)
w = why(d, eid)
check(w[0]["act"] == "recorded" and w[0]["author"] == "alice", "why: recorded by its author: %r" % w)
res = run_json(d, "entry", "add", "--date", "2014-W51", "--text", "a week of leaks")
check(entry(d, res["entry"])["precision"] == "week", "precision follows the date's form")
# A unique prefix is enough.
d.run("entry", "amend", eid[:20], "--date", "2014-11-21", "--note", "Variety: Friday",
      "--author", "bob")
e = entry(d, eid)
check(e["date"] == "2014-11-21", "amend moves the entry: %r" % e)
ext = [e for e in d.json("timeline") if e["article"]][0]
d.run("entry", "amend", ext["id"], "--date", "2014-12", "--precision", "month")
e2 = entry(d, ext["id"])
check(e2["date"] == "2014-12" and e2["precision"] == "month", "amend an extracted entry: %r" % e2)
d.run("entry", "remove", eid, "--author", "bob")
check(entry(d, eid) is None, "a removed entry leaves the timeline")
e = entry(d, eid, removed=True)
check(e and e["removed"], "and is listed with --removed: %r" % e)
d.run("entry", "restore", eid, "--author", "alice")
e = entry(d, eid)
check(e and not e["removed"], "restore puts it back")
acts = [w["act"] for w in why(d, eid)]
check("amended" in acts and "restored" in acts and "lost" in acts, "why: entry acts %r" % acts)

# ---- notes -----------------------------------------------------------------
art = d.json("articles")[0]["id"]
d.run("note", "actor", n2, "note on the actor", "--author", "alice")
d.run("note", "claim", cid, "note on the claim", "--author", "bob")
d.run("note", "entry", eid, "note on the entry", "--author", "carol")
d.run("note", "article", art, "note on the article", "--author", "dave")
for what, text, author in ((n1, "note on the actor", "alice"), (cid, "note on the claim", "bob"),
                           (eid, "note on the entry", "carol"), (art, "note on the article", "dave")):
    notes = [w for w in why(d, what) if w["act"] == "note"]
    check(any(w["detail"] == text and w["author"] == author and w["hlc"] for w in notes),
          "why %s shows the note %r by %s: %r" % (what, text, author, notes))
check(d.json("status")["notes"] >= 5, "status counts the notes")

# ---- the author: flag, environment, config file, login name ---------------------
def last_note_author(text):
    for w in why(d, art):
        if w["act"] == "note" and w["detail"] == text:
            return w["author"]


d.run("note", "article", art, "by login")
check(last_note_author("by login") == "tester", "default author: the login name")
os.makedirs(os.path.join(t, "config", "dossier"))
with open(os.path.join(t, "config", "dossier", "config"), "w") as f:
    f.write("# dossier settings\nauthor = \"Carol Config\"\n")
d.run("note", "article", art, "by config")
check(last_note_author("by config") == "Carol Config", "author from the config file")
os.environ["DOSSIER_AUTHOR"] = "Erin Env"
d.run("note", "article", art, "by env")
check(last_note_author("by env") == "Erin Env", "$DOSSIER_AUTHOR beats the config")
d.run("note", "article", art, "by flag", "--author", "Fay Flag")
check(last_note_author("by flag") == "Fay Flag", "--author beats everything")
d.run("--author", "Gil Global", "note", "article", art, "by global flag")
check(last_note_author("by global flag") == "Gil Global", "--author before the command")
del os.environ["DOSSIER_AUTHOR"]

# ---- ids and names that do not resolve --------------------------------------------
d.run("confirm", "f" * 32, check_rc=4)
d.run("confirm", eid, check_rc=2)          # an entry, not a claim
d.run("confirm", cid[:16], check_rc=2)     # an article's prefix: several claims
d.run("entry", "remove", cid, check_rc=2)  # a claim, not an entry
d.run("note", "article", cid, "x", check_rc=2)
d.run("merge", x, "No Such Actor Anywhere", check_rc=4)
d.run("name", "No Such Actor Anywhere", "--kind", "group", check_rc=4)
d.run("note", "actor", "No Such Actor Anywhere", "x", check_rc=4)
d.run("why", "No Such Actor Anywhere", check_rc=4)
d.run("why", "f" * 32, check_rc=4)

# Text output renders.
for args in (["why", cid], ["why", n1], ["claims"], ["timeline"], ["conflicts"],
             ["actor", n1], ["confirm", cid]):
    rc, out, err = d.run(*args)
    check(out.count("\n") >= 1, "text output of %r: %r" % (args, out[:300]))

check(d.stop() == 0, "clean shutdown")
print("ok")
