"""Full-text search end to end (dossier search) on the five sample articles
filed with their metadata: a word finds exactly the articles whose title or
text holds it (checked against the texts read here), a phrase only where its
words stand together, every highlight points at the matched bytes of a
snippet taken from the text, claims are found by the words of their content
and source, bad queries are refused with a message, and after the views are
rebuilt from the log (dossierd --check compares their digests, the index
included) the same queries answer the same."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cur import *  # noqa: E402,F401,F403

t = tmpdir()
isolate(t)
d = corpus_daemon(t)
texts = article_texts(d)                      # id -> bytes
titles = {a["id"]: a["title"] for a in d.json("articles")}
docs = {i: (titles[i] + "\n" + texts[i].decode("utf-8")) for i in texts}
# when each article was filed: the clock of its event in the log
filed = {}
for line in d.run("log", "--json")[1].splitlines():
    ev = json.loads(line)["event"]
    if isinstance(ev.get("article"), dict):
        filed[ev["article"]["id"]] = ev["hlc"]
check(set(filed) == set(texts), "every article's filing is in the log")


def words_re(words):
    """A regular expression for words standing together, as the index
    parts words: anything but letters and digits between them."""
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(re.escape(w) for w in words) +
                      r"(?![^\W_])", re.I)


def norm(s):
    return re.sub(r"[\W_]+", " ", s.lower()).strip()


def search(*args):
    return d.json("search", *args, "--limit", "1000")


def check_hits(res, words):
    """Each highlight is the words (folded, parted by spaces), inside the
    snippet; the snippet is a piece of the document."""
    for r in res:
        snip = r["snippet"].encode("utf-8")
        check(r["hits"], "a result has hits: %r" % r)
        for h in r["hits"]:
            piece = snip[h["start"]:h["end"]].decode("utf-8")
            check(norm(piece) in [" ".join(w) for w in words],
                  "the hit %r of %r is one of %r" % (piece, r["snippet"], words))
        body = r["snippet"].strip("\u2026")
        if r["kind"] == "article" and r["field"] == "text":
            flat = re.sub(r"[\r\n\t]", " ", texts[r["id"]].decode("utf-8"))
            check(body in flat, "the snippet is from the article: %r" % r["snippet"])
        if r["kind"] == "claim":
            check(body in r[r["field"]], "the snippet is from the claim: %r" % r)


# Words: exactly the articles holding them, by any case.
for word in ("sony", "Pyongyang", "interview", "guardians", "FBI", "cyberattack"):
    want = {i for i, s in docs.items() if words_re([word]).search(s)}
    res = search(word, "--kind", "article")
    got = {r["id"] for r in res}
    check(got == want, "search %s: %r, wanted %r" % (word, sorted(got), sorted(want)))
    check_hits(res, [[word.lower()]])
    for r in res:
        n = len(words_re([word]).findall(docs[r["id"]]))
        check(r["score"] == n, "%s: score %d, %d in the text" % (word, r["score"], n))
    clocks = [filed[r["id"]] for r in res]
    check(clocks == sorted(clocks, reverse=True) and len(set(clocks)) == len(clocks),
          "newest first: %r" % clocks)
check(len(search("sony", "--kind", "article")) == 5, "sony is in all five")

# Two words: both, anywhere.
want = {i for i, s in docs.items() if words_re(["attack"]).search(s) and
        words_re(["officials"]).search(s)}
got = {r["id"] for r in search("attack", "officials", "--kind", "article")}
check(got == want and want, "attack officials: %r vs %r" % (got, want))

# Phrases: only where the words stand together.
for phrase in ("north korean government", "guardians of peace", "the interview",
               "sony pictures entertainment"):
    w = phrase.split()
    want = {i for i, s in docs.items() if words_re(w).search(s)}
    res = search('"%s"' % phrase, "--kind", "article")
    got = {r["id"] for r in res}
    check(got == want and want, "search \"%s\": %r, wanted %r" % (phrase, sorted(got), sorted(want)))
    check_hits(res, [w])
    for r in res:
        n = len(words_re(w).findall(docs[r["id"]]))
        check(r["score"] == n, "\"%s\": score %d, %d in the text" % (phrase, r["score"], n))
# the words of a phrase that never stand in that order
check(all(words_re(["korean", "north"]).search(s) is None for s in docs.values()),
      "the texts never say 'korean north'")
check(search('"korean north"') == [], "a phrase in the wrong order finds nothing")
check(search("zzyzx") == [], "a word in no text finds nothing")

# Claims: by the words of their content, and of their source.
claims = d.json("claims")
found = 0
for c in claims[:40]:
    ws = [w for w in re.findall(r"[A-Za-z]{7,}", c["content"])]
    if not ws:
        continue
    w = max(ws, key=len)
    res = search(w, "--kind", "claim")
    check(c["id"] in {r["id"] for r in res}, "claim %s found by %r" % (c["id"], w))
    for r in res:
        check(r["kind"] == "claim", "only claims")
        check(words_re([w]).search(r["text"] + "\n" + r["source"]),
              "a claim found by %r holds it: %r" % (w, r))
    check_hits([r for r in res if r["field"] == "text"], [[w.lower()]])
    found += 1
check(found >= 10, "claims searched: %d" % found)
by_source = 0
for c in claims:
    ws = [w for w in re.findall(r"[A-Za-z]{6,}", c["source"])
          if not words_re([w]).search(c["content"])]
    if not ws:
        continue
    res = {r["id"]: r for r in search(ws[0], "--kind", "claim")}
    check(c["id"] in res, "claim %s found by its source's word %r" % (c["id"], ws[0]))
    check(res[c["id"]]["field"] == "source" and res[c["id"]]["hits"],
          "the snippet is its source, highlighted: %r" % res[c["id"]])
    by_source += 1
check(by_source >= 3, "claims searched by source: %d" % by_source)
denial = search('"any connection"', "north", "--kind", "claim")
check(len(denial) == 1 and denial[0]["source"] == "North Korea" and
      words_re(["any", "connection"]).search(denial[0]["text"]),
      "North Korea's denial by its words and its source: %r" % denial)

# Both kinds by default: articles and claims.
kinds = {r["kind"] for r in search('"north korean government"')}
check(kinds == {"article", "claim"}, "articles and claims: %r" % kinds)

# Paging: --limit 2 pages through the same results in the same order.
allres = [r["id"] for r in search("korea")]
rc, out, err = d.run("search", "korea", "--limit", "2", "--json")
page = json.loads(out)
check([r["id"] for r in page] == allres[:2], "the first page is the first two")
cur = re.search(r"--cursor ([0-9a-f]+)", err)
check(cur, "a cursor for the rest: %r" % err)
nxt = d.json("search", "korea", "--cursor", cur.group(1), "--limit", "1000")
check([r["id"] for r in nxt] == allres[2:], "the next page goes on where it stopped")

# The table: hits in [brackets] when not on a terminal, and a count.
rc, out, err = d.run("search", '"north korean government"')
check("[North Korean government]" in out, "the phrase bracketed: %s" % out[:500])
check(re.search(r"^\d+ matches$", out, re.M), "the count: %s" % out[-200:])
rc, out, err = d.run("search", "sony", "--limit", "2")
check(re.search(r"^2 newest matches shown; more remain$", out, re.M),
      "a page that leaves more says so: %s" % out[-200:])

# Bad queries: a clear error, exit 1 (2 for no query at all).
for q, msg in (("the of", "common words"), ('"north korea', "unterminated quote"),
               ("x " * 700, "longer than"), (" ".join("w%d" % i for i in range(20)), "more than"),
               (" .,; ", "no words")):
    rc, out, err = d.run("search", q, check_rc=1)
    check(msg in err, "search %r: %r" % (q[:30], err))
rc, out, err = d.run("search", check_rc=2)
check("search" in err, "no query: %r" % err)
rc, out, err = d.run("search", "sony", "--kind", "note", check_rc=2)
check("--kind" in err, "bad kind: %r" % err)
rc, out, err = d.run("search", "--help")
check("phrase" in out, "--help says what a query is")

# The index is rebuilt with the views: the digest of the views built as
# articles came equals that of a rebuild, and the answers are the same.
before = {q: search(q) for q in ("sony", '"north korean government"', "denied")}
data = d.data
d.stop()
p = subprocess.run([DOSSIERD, "--check", "--data", data], capture_output=True, timeout=300)
check(p.returncode == 0, "dossierd --check: views equal a rebuild: %s" %
      (p.stdout + p.stderr).decode(errors="replace"))
d = svc.Daemon(data)
for q, res in before.items():
    check(search(q) == res, "after the rebuild, %s answers the same" % q)
print("cur_search: ok")
