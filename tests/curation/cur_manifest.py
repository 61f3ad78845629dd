"""Batches with metadata: `dossier ingest --manifest FILE`.
- JSON Lines: each line's article is filed with its own date, publisher
  and title (paths relative to the manifest); a line with a date that is
  no date, a line that is not JSON, a line without a path, an unknown
  field and a missing file are each reported with the line's number, the
  others are filed, a summary ends the batch, and the exit is 5.
- CSV (RFC 4180 quoting: a title with a comma) with a header row does the
  same; a header naming an unknown column is refused (exit 2).
- Filing a directory skips what is not an article (empty, JSON, binary),
  saying so."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cur import *  # noqa: E402,F401,F403

t = tmpdir()
isolate(t)
d = Daemon(os.path.join(t, "data"))
arts = os.path.join(t, "arts")
os.makedirs(arts)
texts = {"a.txt": "The FBI said on Friday that North Korea was behind the attack.\n",
         "b.txt": "Sony said on Monday it would release the film after all.\n",
         "c.txt": "Officials said on Tuesday that the hackers used stolen credentials.\n"}
for name, text in texts.items():
    with open(os.path.join(arts, name), "w") as f:
        f.write(text)
man = os.path.join(t, "batch.jsonl")
with open(man, "w") as f:
    f.write('{"path": "arts/a.txt", "published": "2014-12-19", "publisher": "Reuters", '
            '"title": "FBI blames North Korea", "author": "Jane Doe"}\n')
    f.write('{"path": "arts/b.txt", "published": "12/22/2014"}\n')
    f.write('not json at all\n')
    f.write('{"title": "a line without a path"}\n')
    f.write('{"path": "arts/c.txt", "colour": "red"}\n')
    f.write('{"path": "arts/missing.txt", "published": "2014-12-20"}\n')
    f.write('\n')
    f.write('{"path": "arts/b.txt", "published": "2014-12-22", "publisher": "AP"}\n')
rc, out, err = d.run("ingest", "--manifest", man, check_rc=5)
for line, why in ((2, "is not a date"), (3, "not a JSON object"), (4, "no path"),
                  (5, "unknown field 'colour'")):
    check("manifest line %d: " % line in err and why in err,
          "line %d reported (%s): %r" % (line, why, err))
check("missing.txt" in err, "the missing file is reported: %r" % err)
check("2 filed, 0 already filed, 5 failed" in err, "a summary: %r" % err)
got = {a["title"] or a["publisher"]: (a["published"], a["publisher"]) for a in d.json("articles")}
check(got == {"FBI blames North Korea": ("2014-12-19", "Reuters"), "AP": ("2014-12-22", "AP")},
      "each filed with its own line's metadata: %r" % got)
fbi = [a for a in d.json("articles") if a["title"] == "FBI blames North Korea"][0]
check(fbi.get("byline") == "Jane Doe", "the line's author is the article's byline: %r" % fbi)
dates = sorted(e["date"] for e in d.json("timeline", "--entries"))
check("2014-12-19" in dates and "2014-12-22" in dates,
      "relative dates resolved against each line's date: %r" % dates)

csvm = os.path.join(t, "batch.csv")
with open(csvm, "w") as f:
    f.write('path,published,publisher,title\n')
    f.write('arts/c.txt,2014-12-23,"Lab, Inc.","Stolen credentials, officials say"\n')
rc, out, err = d.run("ingest", "--manifest", csvm, "--lang", "en-GB")
c = [a for a in d.json("articles") if a["publisher"] == "Lab, Inc."]
check(c and c[0].get("lang") == "en-GB", "--lang applies to the lines: %r" % c)
d.run("ingest", "--manifest", csvm, "--lang", "en_GB!", check_rc=2)
check(c and c[0]["title"] == "Stolen credentials, officials say" and
      c[0]["published"] == "2014-12-23", "CSV with quoted commas: %r" % c)
bad = os.path.join(t, "bad.csv")
with open(bad, "w") as f:
    f.write('path,colour\narts/a.txt,red\n')
rc, out, err = d.run("ingest", "--manifest", bad, check_rc=2)
check("unknown column 'colour'" in err, "an unknown column is refused: %r" % err)

with open(os.path.join(arts, "empty.txt"), "w") as f:
    pass
with open(os.path.join(arts, "gold.json"), "w") as f:
    f.write('{"docs": []}\n')
with open(os.path.join(arts, "blob.bin"), "wb") as f:
    f.write(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)))
rc, out, err = d.run("ingest", arts, "--published", "2014-12-24")
for name, why in (("empty.txt", "empty"), ("gold.json", "JSON"), ("blob.bin", "binary")):
    check("skipping %s: %s" % (os.path.join(arts, name), why) in err,
          "%s skipped (%s): %r" % (name, why, err))
check(len(d.json("articles")) == 3, "nothing but articles filed")
print("manifest: 5 bad lines reported, 2 filed with their metadata; CSV; directory skips 3")
print("ok")
