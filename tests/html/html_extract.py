"""Saved web pages end to end, through the real binaries:

1. `dossier extract page.html` prints the article's text (without the
   menu, advert, share buttons, related links and comments of the page)
   and the page's metadata, and every offset of times, actors, claims and
   events indexes into that text; relative dates resolve against the
   page's publication date; the command line overrides the page.
2. HTML is found by content and by extension; --text and --html say so.
3. A login wall is no article: a warning from extract, and ingest does
   not file it (exit 5).
4. `dossier ingest page.html` files the extracted text (the same article
   id as extract's) with the page's title, publisher, date and URL, and
   `dossier why` quotes exactly the bytes of that text at the claim's
   span."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "service"))
from svc import *  # noqa: E402,F401,F403

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sony hack: officials blame North Korea | Example Wire</title>
<meta property="og:site_name" content="Example Wire">
<meta property="og:title" content="Sony hack: officials blame North Korea">
<meta property="article:published_time" content="2014-12-17T18:00:00-05:00">
<link rel="canonical" href="https://wire.example/sony-north-korea">
</head>
<body>
<nav class="menu"><a href="/">Home</a> <a href="/world">World</a> <a href="/tech">Technology</a></nav>
<div class="ad-slot advert">Advertisement: Apple Inc. phones at half price</div>
<article>
<h1>Sony hack: officials blame North Korea</h1>
<p class="byline">By Jane Doe</p>
<p>U.S. officials said on Wednesday that North Korea was behind the attack on Sony
Pictures Entertainment, which crippled the studio&#39;s computers in late November.</p>
<p>North Korea denied any connection to the hackers, who call themselves the
Guardians of Peace, and said the accusation was a fabrication by the United States.</p>
<p>Sony Pictures said on Wednesday that it had cancelled the release of the film,
which had been planned for December&nbsp;25.</p>
</article>
<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
<section class="related"><h2>Related</h2><ul><li><a href="/x">Microsoft Corporation buys a game studio</a></li></ul></section>
<div id="comments"><p>Reader comment: Barack Obama should respond, says Bob Smith, a reader.</p></div>
<footer>Copyright Example Wire</footer>
</body>
</html>
"""

LOGIN = """<!DOCTYPE html><html><head><title>Subscribe to keep reading</title></head>
<body><nav><a href="/">Home</a></nav><form action="/login"><p>Log in to keep reading.</p>
<input name="user"><input name="pass" type="password"><button>Log in</button></form></body></html>
"""

t = tmpdir()
page = os.path.join(t, "page.html")
with open(page, "w", encoding="utf-8") as f:
    f.write(PAGE)


def extract(*args, rc=0):
    p = subprocess.run([DOSSIER, "extract"] + list(args), capture_output=True, timeout=60)
    check(p.returncode == rc, "extract %s: exit %d (want %d): %s" %
          (args, p.returncode, rc, p.stderr.decode(errors="replace")))
    return json.loads(p.stdout) if rc == 0 else None, p.stderr.decode(errors="replace")


def spans(x):
    """Every (start, end, what) of the extraction."""
    out = []
    for tm in x["times"]:
        out.append((tm["start"], tm["end"], "time " + tm["text"]))
    for a in x["actors"]:
        for m in a["mentions"]:
            out.append((m["start"], m["end"], "mention of " + a["name"]))
    for c in x["claims"]:
        out.append((c["start"], c["end"], "claim"))
        for k in ("source", "cue", "content", "frame"):
            if c.get(k) and "start" in c[k]:
                out.append((c[k]["start"], c[k]["end"], "claim " + k))
    for e in x["events"]:
        out.append((e["start"], e["end"], "event"))
    return out


# 1. extract.
x, _ = extract(page)
art = x["article"]
text = art["text"]
raw = text.encode()
check(art["bytes"] == len(raw), "bytes %d is the text's length %d" % (art["bytes"], len(raw)))
for word in ("U.S. officials said on Wednesday", "studio's computers", "December 25.",
             "Guardians of Peace"):
    check(word in text, "the article holds %r: %r" % (word, text))
for junk in ("Home", "Advertisement", "Share on", "Microsoft", "Reader comment", "Copyright",
             "Jane Doe", "blame North Korea"):
    check(junk not in text, "the article does not hold %r: %r" % (junk, text))
check(text.count("\n\n") == 2 and "\n\n\n" not in text, "three paragraphs: %r" % text)
check(art["title"] == "Sony hack: officials blame North Korea", "title %r" % art["title"])
check(art["publisher"] == "Example Wire", "publisher %r" % art["publisher"])
check(art["published"] == "2014-12-17T18:00:00-05:00", "published %r" % art["published"])
check(art["url"] == "https://wire.example/sony-north-korea", "url %r" % art["url"])
check(art["byline"] == "Jane Doe", "byline %r" % art["byline"])
check(art["lang"] == "en", "lang %r" % art["lang"])
check(x["warnings"] == [], "no warnings: %r" % x["warnings"])
sp = spans(x)
check(len(x["claims"]) >= 2 and len(x["actors"]) >= 3 and len(x["times"]) >= 3,
      "facts found: %d claims, %d actors, %d times" %
      (len(x["claims"]), len(x["actors"]), len(x["times"])))
for s, e, what in sp:
    check(0 <= s <= e <= len(raw), "%s: span %d-%d inside the %d bytes" % (what, s, e, len(raw)))
for tm in x["times"]:
    check(raw[tm["start"]:tm["end"]].decode() == tm["text"],
          "time %r at %d-%d of the text" % (tm["text"], tm["start"], tm["end"]))
for a in x["actors"]:
    for m in a["mentions"]:
        got = raw[m["start"]:m["end"]].decode()
        check(got == a["name"] or got in a["aliases"],
              "mention %r of %s is one of its names" % (got, a["name"]))
wed = [tm for tm in x["times"] if tm["text"] == "Wednesday"]
check(wed and all(tm["value"] == "2014-12-17" for tm in wed),
      "Wednesday resolves against the page's date: %r" % wed)
print("extract: %d bytes of text, %d spans inside it" % (len(raw), len(sp)))

# The command line first.
x2, _ = extract(page, "--publisher", "Wire Service", "--published", "2014-12-20",
                "--title", "Another title")
check(x2["article"]["publisher"] == "Wire Service" and
      x2["article"]["published"] == "2014-12-20" and
      x2["article"]["title"] == "Another title", "options override: %r" % x2["article"])
check(x2["article"]["url"] == art["url"], "what the options do not give comes from the page")

# 2. By content, by extension, and as told.
bare = os.path.join(t, "saved.htm")
with open(bare, "w", encoding="utf-8") as f:
    f.write(PAGE.split("\n", 1)[1].replace('<html lang="en">', "<body>", 1).replace(
        "<head>", "<div>", 1))  # no doctype, no <html>: known by its name
x3, _ = extract(bare)
check("text" in x3["article"] and "U.S. officials" in x3["article"]["text"], "a .htm file is a page")
check("<p>" not in x3["article"]["text"], "and its markup is gone")
astext = os.path.join(t, "page.txt")
with open(astext, "w", encoding="utf-8") as f:
    f.write(PAGE)
x4, _ = extract(astext)
check("text" in x4["article"], "a page is known by its content, whatever its name")
x5, _ = extract("--text", page)
check("text" not in x5["article"] and x5["article"]["bytes"] == len(PAGE.encode()),
      "--text reads a page as plain text")
plain = os.path.join(t, "note.txt")
with open(plain, "w", encoding="utf-8") as f:
    f.write("<p>U.S. officials said on Wednesday that North Korea was behind the attack "
            "on Sony Pictures, and Sony said so too, at length, in a statement.</p>")
x6, _ = extract(plain)
check("text" not in x6["article"], "a text that merely holds a tag is text")
x7, _ = extract("--html", plain)
check(x7["article"]["text"].startswith("U.S. officials"), "--html reads it as a page")

# 3. A login wall.
login = os.path.join(t, "login.html")
with open(login, "w", encoding="utf-8") as f:
    f.write(LOGIN)
x8, err = extract(login)
check(any("no article" in w for w in x8["warnings"]), "a login wall is no article: %r" % x8["warnings"])
check("no article" in err, "and extract says so on stderr: %r" % err)

# 4. Filed by a daemon.
d = Daemon(os.path.join(t, "data"))
rc, out, err = d.run("ingest", login, check_rc=5)
check("no article" in err, "ingest does not file a login wall: %r" % err)
res = d.json("ingest", page)
check(len(res) == 1 and "result" in res[0], "ingest: %r" % res)
r = res[0]["result"]
check(r["article"] == art["id"], "the filed article is the extracted text: %s vs %s" %
      (r["article"], art["id"]))
check(r["claims"] == len(x["claims"]) and r["entries"] == len(x["events"]),
      "as many claims and entries as extract found: %r" % r)
arts = d.json("articles")
check(len(arts) == 1, "one article filed: %r" % arts)
a = arts[0]
check(a["title"] == art["title"] and a["publisher"] == "Example Wire" and
      a["published"].startswith("2014-12-17") and a["url"] == art["url"] and
      a["bytes"] == len(raw) and a.get("byline") == "Jane Doe" and a.get("lang") == "en",
      "filed with the page's metadata: %r" % a)
# The command line wins on ingest too.
page2 = os.path.join(t, "page2.html")
with open(page2, "w", encoding="utf-8") as f:
    f.write(PAGE.replace("December&nbsp;25", "December&nbsp;26"))
d.json("ingest", page2, "--publisher", "Other Wire")
pubs = sorted(x["publisher"] for x in d.json("articles"))
check(pubs == ["Example Wire", "Other Wire"], "--publisher overrides the page: %r" % pubs)
# why quotes the filed text.
claims = [c for c in d.json("claims") if c["article"] == art["id"]]
check(len(claims) == len(x["claims"]), "the claims: %r" % claims)
for c in claims:
    items = d.json("why", c["id"])["items"]
    ex = [i for i in items if i["act"] == "extracted"]
    check(ex, "why %s: an extracted event: %r" % (c["id"], items))
    s, e = ex[0]["span"]["start"], ex[0]["span"]["end"]
    check(ex[0]["quote"] == raw[s:e].decode(),
          "why quotes the text at %d-%d: %r vs %r" % (s, e, ex[0]["quote"], raw[s:e].decode()))
    check(ex[0]["publisher"] == "Example Wire" and ex[0]["title"] == art["title"],
          "why names the page's title and publisher: %r" % ex[0])
tl = d.json("timeline")
check(any(str(e.get("date", "")).startswith("2014-12-17") for e in tl),
      "the timeline has Wednesday as 2014-12-17: %r" % tl[:3])
print("ingest: filed %s with %d claims; why quotes the extracted text" % (r["article"], len(claims)))
d.stop()
print("ok")
