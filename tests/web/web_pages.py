"""The workspace's pages in headless Chromium on the five sample articles:
nothing readable without a login (401) and no write without the CSRF token;
the overview's counts; the timeline drawn in SVG with the day the attack
began as one mark told by three articles, whose sources open the reader at
their sentence; the actor graph with North Korea responsible for the attack
on Sony; the claims in full, filtered, with a claim's provenance (why, with
its quote); the attribution rows; the article reader with actors, times and
claims highlighted at their byte spans (checked against the file's bytes
around non-ASCII characters); the brief served as a page, with its
stylesheet and citations into the reader.  A screenshot of every page goes to
BUILD/web-shots/."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from web import *  # noqa: E402,F401,F403
import web  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

need_browser()
t = tmpdir()
isolate(t)
d = corpus_daemon(t)

# Without a login nothing is readable.
for path in ("/api/status", "/api/claims", "/api/timeline", "/api/article?id=00", "/api/events"):
    st, body = d.http(path)
    check(st == 401, "GET %s without a session: %d %r" % (path, st, body))
st, body = d.http("/api/confirm", data=b'{"claim":"00"}', headers={"Content-Type": "application/json"})
check(st in (401, 403), "POST without a session: %d %r" % (st, body))

drv = browser()
try:
    login(drv, d)
    goto(drv, d.base, "")
    counts = drv.execute_script(
        "return Array.from(document.querySelectorAll('.count')).map(c => c.textContent)")
    check(any(c.startswith("5") and "articles" in c for c in counts), "overview counts: %r" % counts)
    check(drv.find_elements(By.CSS_SELECTOR, "ol.events li"), "overview lists the latest changes")
    shot(drv, "overview", full=True)

    # A write with the session cookie but without the CSRF token fails.
    cookie = "; ".join("%s=%s" % (c["name"], c["value"]) for c in drv.get_cookies())
    claims = d.json("claims")
    st, body = d.http("/api/confirm", data=json.dumps({"claim": claims[0]["id"]}).encode(),
                      headers={"Content-Type": "application/json", "Cookie": cookie})
    check(st == 403, "POST /api/confirm without X-CSRF-Token: %d %r" % (st, body))
    check(d.json("claims")[0]["status"] == claims[0]["status"], "and changes nothing")

    # The timeline: SVG marks, the day the attack began told by 3 articles.
    goto(drv, d.base, "timeline")
    wait(drv, "var s = document.querySelector('svg.timeline'); return s && +s.dataset.rows > 0", what="timeline marks")
    marks = drv.execute_script("""return Array.from(document.querySelectorAll('svg.timeline .entry')).map(a =>
        [a.dataset.date, +a.dataset.n, (a.querySelector('.label') || {}).textContent, a.getAttribute('class')])""")
    check(len(marks) >= 8, "timeline marks drawn: %r" % marks)
    # What became of each event is drawn: the Christmas release as planned
    # or called off, never as something that happened.
    st = drv.execute_script("""return Array.from(document.querySelectorAll('svg.timeline .entry')).map(a =>
        [a.dataset.date, a.dataset.status])""")
    xmas = {s for dt, s in st if dt == "2014-12-25"}
    check(xmas and xmas <= {"planned", "cancelled"}, "the Christmas release is a plan: %r" % st)
    check(any(s == "reported" for _, s in st), "some marks are reports: %r" % st)
    nov24 = [m for m in marks if m[0] == "2014-11-24" and m[1] >= 3]
    check(len(nov24) == 1, "one mark for 2014-11-24 told by >= 3 articles: %r" % marks)
    check("multi" in nov24[0][3] and "p-day" in nov24[0][3], "drawn as a day told by several: %r" % nov24)
    check(any("p-week" in m[3] for m in marks) and any("p-day" in m[3] for m in marks),
          "day and week precisions drawn differently: %r" % [m[3] for m in marks])
    count = drv.execute_script(
        "return document.querySelector('svg.timeline .entry.multi[data-date=\"2014-11-24\"] .count').textContent")
    check(int(count) >= 3, "the mark shows its count: %r" % count)
    ticks = drv.execute_script("return Array.from(document.querySelectorAll('svg.timeline .tick-label')).map(t => t.textContent)")
    check(any("Dec" in x for x in ticks), "the axis is labelled by month: %r" % ticks)
    shot(drv, "timeline", full=True)
    # Its sources: the panel lists the three articles' sentences.
    drv.find_element(By.CSS_SELECTOR, "svg.timeline .entry.multi[data-date='2014-11-24'] .mark").click()
    srcs = wait(drv, "var l = document.querySelectorAll('#panel ol.sources li'); return l.length >= 3 && l.length",
                what="the sources of 2014-11-24")
    check(srcs >= 3, "three sources: %d" % srcs)
    shot(drv, "timeline-sources")
    # Amend an entry's date from the panel; a date that is no date is
    # refused and the form says why.
    entry_id = drv.execute_script("return document.querySelector('#panel ol.sources li').dataset.entry")
    updates = int(drv.execute_script("return document.body.dataset.updates || '0'"))
    for date, ok in (("not a date", False), ("2014-11-25", True)):
        drv.execute_script("document.body.dataset.lastAct = '';"
                           "var f = document.querySelector('#panel form.curate-entry');"
                           "f.closest('details').open = true;"
                           "f.querySelector('input[name=date]').value = arguments[0];"
                           "f.querySelector('button').click()", date)
        got = wait(drv, "return document.body.dataset.lastAct", what="the amend's answer")
        if ok:
            check(got == "entry: done", "amend from the page: %r" % got)
        else:
            check(got.startswith("entry: ") and got != "entry: done", "a bad date is refused: %r" % got)
            shown = drv.execute_script("var m = document.querySelector('#panel form.curate-entry .form-msg');"
                                       "return [m.className, m.textContent, m.getAttribute('role')]")
            check("error" in shown[0] and shown[1] and shown[2] == "alert", "the form shows the error: %r" % shown)
    # The change comes back on the live stream and the timeline redraws.
    wait(drv, "return +(document.body.dataset.updates || '0') > %d" % updates, what="the amend, live")
    wait(drv, "return document.body.dataset.ready", what="the redrawn timeline")
    amended = [e for e in d.json("timeline", "--entries") if e["id"] == entry_id][0]
    check(amended["date"] == "2014-11-25", "the entry is amended: %r" % amended)
    def press(label):
        drv.execute_script("document.querySelector('button[aria-label=\"' + arguments[0] + '\"]').click()", label)

    # Zoom in with the button: half the days in view, the URL says which.
    span = lambda: drv.execute_script("""var q = new URLSearchParams(location.hash.split('?')[1]);
        return (Date.parse(q.get('to')) - Date.parse(q.get('from'))) / 86400000""")
    before = span()
    press("Zoom in")
    wait(drv, "var q = new URLSearchParams(location.hash.split('?')[1]);"
         "return (Date.parse(q.get('to')) - Date.parse(q.get('from'))) / 86400000 < %f" % (before * 0.6), what="zoom in")
    check(span() >= before * 0.4, "zoomed in by half: %r -> %r" % (before, span()))
    # The wheel zooms out around the pointer; "later" scrolls.
    before = span()
    drv.execute_script("var s = document.querySelector('svg.timeline'), r = s.getBoundingClientRect();"
                       "s.dispatchEvent(new WheelEvent('wheel', {deltaY: 600, clientX: r.left + r.width / 2,"
                       " clientY: r.top + 40, bubbles: true, cancelable: true}))")
    check(span() > before * 1.5, "the wheel zooms out: %r -> %r" % (before, span()))
    start = drv.execute_script("return new URLSearchParams(location.hash.split('?')[1]).get('from')")
    press("Scroll to later dates")
    moved = drv.execute_script("return new URLSearchParams(location.hash.split('?')[1]).get('from')")
    check(moved > start, "later scrolls: %s -> %s" % (start, moved))
    # Zoomed out to years: the year (2013) and the month (2015-03) are
    # drawn, each its own way.
    for _ in range(5):
        press("Zoom out")
    wait(drv, "return document.querySelector('svg.timeline .entry.p-year[data-date=\"2013\"]') && "
         "document.querySelector('svg.timeline .entry.p-month[data-date=\"2015-03\"]')", what="year and month marks")
    shapes = drv.execute_script("return ['p-day', 'p-week', 'p-month', 'p-year'].map(c => { var m = "
                                "document.querySelector('svg.timeline .entry.' + c + ' .mark'); return m && "
                                "[m.tagName, getComputedStyle(m).fill, getComputedStyle(m).strokeDasharray]; })")
    check(len({json.dumps(x) for x in shapes}) == 4 and all(shapes), "four precisions, four looks: %r" % shapes)
    shot(drv, "timeline-years")
    href = drv.execute_script("return document.querySelector('#panel ol.sources li a').getAttribute('href')")
    goto(drv, d.base, href.lstrip("#/"))
    target = drv.execute_script("return Array.from(document.querySelectorAll('.article-text .target')).map(e => e.textContent).join('')")
    check("24" in target or "Nov" in target, "the reader opens at the entry's sentence: %r" % target)

    # Dispute one claim and retract another from the claims page (the
    # forms POST with the CSRF token); the graph then draws them apart.
    cands = [c for c in d.json("claims") if c["source_actor"] and not c["responsible"]
             and any(a != c["source_actor"] for a in c["about"])]
    check(len({c["source_actor"] for c in cands}) >= 2, "claims with a source and a subject: %r" % cands)
    disp = cands[0]
    retr = [c for c in cands if c["source_actor"] != disp["source_actor"]][0]
    goto(drv, d.base, "claims")

    def open_tools(cid):
        """Opens a claim's curation forms (made when opened)."""
        drv.execute_script("document.querySelector('.claim[data-claim=\"%s\"] details.tools').open = true" % cid)
        wait(drv, "return document.querySelector('.claim[data-claim=\"%s\"] form.curate-grade')" % cid,
             what="the curation forms of a claim")

    for c, act, st in ((disp, "dispute", "disputed"), (retr, "retract", "retracted")):
        # Found and pressed in one step: a change on the live stream
        # redraws the page at any time.
        open_tools(c["id"])
        drv.execute_script("document.body.dataset.lastAct = '';"
                           "var c = document.querySelector('.claim[data-claim=\"%s\"]');"
                           "c.querySelector('form.curate-%s button').click()" % (c["id"], act))
        got = wait(drv, "return document.body.dataset.lastAct", what="the %s's answer" % act)
        check(got == act + ": done", "%s from the page: %r" % (act, got))
        wait(drv, "return document.querySelector('.claim.status-%s[data-claim=\"%s\"] .badge-%s')" % (st, c["id"], st),
             what="the %s claim marked on the page (live)" % st)
    # Grade a claim (Admiralty B2) with the form's selects.
    open_tools(disp["id"])
    drv.execute_script("document.body.dataset.lastAct = '';"
                       "var c = document.querySelector('.claim[data-claim=\"%s\"]');"
                       "var f = c.querySelector('form.curate-grade');"
                       "f.querySelector('select[name=reliability]').value = 'B';"
                       "f.querySelector('select[name=credibility]').value = '2';"
                       "f.querySelector('button').click()" % disp["id"])
    got = wait(drv, "return document.body.dataset.lastAct", what="the grade's answer")
    check(got == "grade: done", "grade from the page: %r" % got)
    wait(drv, "var b = document.querySelector('.claim[data-claim=\"%s\"] .claim-head'); "
         "return b && b.textContent.indexOf('graded B2') >= 0" % disp["id"], what="the grade shown live")
    graded = [c for c in d.json("claims") if c["id"] == disp["id"]][0]
    check(graded["reliability"] == "B" and graded["credibility"] == 2, "graded B2: %r" % graded)
    status = {c["id"]: c["status"] for c in d.json("claims")}
    check(status[disp["id"]] == "disputed" and status[retr["id"]] == "retracted",
          "the claims' status: %r %r" % (status[disp["id"]], status[retr["id"]]))

    # The actor graph: nodes, an attribution edge from North Korea, a legend.
    goto(drv, d.base, "graph")
    wait(drv, "return document.querySelectorAll('svg.graph a.node').length > 0", what="graph nodes")
    names = drv.execute_script("return Array.from(document.querySelectorAll('svg.graph a.node')).map(a => a.dataset.name)")
    check("North Korea" in names and "Sony Pictures Entertainment" in names, "graph nodes: %r" % names)
    labels = drv.execute_script("return Array.from(document.querySelectorAll('svg.graph .node-label')).map(t => t.textContent)")
    check("North Korea" in labels, "the North Korea node is labelled: %r" % labels)
    attr = drv.execute_script("""return Array.from(document.querySelectorAll('svg.graph path.edge.attr')).map(p =>
        [p.dataset.from, p.dataset.to])""")
    check(["North Korea", "Sony Pictures Entertainment"] in attr, "attribution edge North Korea -> Sony: %r" % attr)
    check(drv.execute_script("return document.querySelectorAll('svg.graph path.edge.stance-denies').length") >= 1,
          "a denial is drawn")
    alabels = drv.execute_script("return Array.from(document.querySelectorAll('svg.graph .edge-label.attr')).map(t => t.textContent)")
    check(any("attack" in x or "hack" in x for x in alabels), "the attribution edge is labelled with the act: %r" % alabels)
    check(drv.find_elements(By.CSS_SELECTOR, ".graph-legend li"), "the graph has a legend")
    drawn = drv.execute_script("return Array.from(document.querySelectorAll('svg.graph path.edge.claim')).map(p => "
                               "[p.dataset.from, p.getAttribute('class')])")
    check([e for e in drawn if e[0] == disp["source_actor"] and "disputed" in e[1]], "a disputed claim drawn dashed: %r" % drawn)
    check([e for e in drawn if e[0] == retr["source_actor"] and "retracted" in e[1]], "a retracted claim drawn grey: %r" % drawn)
    dash = drv.execute_script("return getComputedStyle(document.querySelector('svg.graph path.edge.disputed')).strokeDasharray")
    check(dash and dash != "none", "disputed edges are dashed: %r" % dash)
    # No two node labels overlap.
    boxes = drv.execute_script("""return Array.from(document.querySelectorAll('svg.graph .node-label')).map(t => {
        var r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, t.textContent]; })""")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            over = a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1
            check(not over, "node labels overlap: %r %r" % (a, b))
    shot(drv, "graph", full=True)
    drv.execute_script("document.querySelector('svg.graph a.node[data-name=\"North Korea\"]')"
                       ".dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    wait(drv, "return document.body.dataset.page === 'actor' && document.body.dataset.ready", what="actor page")
    h1 = drv.find_element(By.CSS_SELECTOR, "#view h1").text
    check(h1.startswith("North Korea"), "clicking the node opens the actor: %r" % h1)
    check("North Korean government" in drv.find_element(By.CSS_SELECTOR, "#view").text, "with its aliases")
    shot(drv, "actor")

    # Claims: full text, filtered; North Korea's denial and its provenance.
    goto(drv, d.base, "claims?about=North+Korea&stance=denies")
    cards = drv.execute_script("return Array.from(document.querySelectorAll('.claim')).map(c => [c.dataset.claim, c.querySelector('.claim-text').textContent])")
    want = [c for c in d.json("claims", "--about", "North Korea", "--stance", "denies")]
    check(sorted(x[0] for x in cards) == sorted(c["id"] for c in want), "the filter gives the API's claims: %r" % cards)
    full = {c["id"]: c["content"] for c in want}
    for cid, text in cards:
        check(text == full[cid], "claim text in full: %r vs %r" % (text, full[cid]))
    denial = [c for c in cards if "connection" in c[1]]
    check(denial, "North Korea's denial is listed: %r" % cards)
    cid = denial[0][0]
    drv.execute_script("document.querySelector('.claim[data-claim=\"%s\"] .why-btn').click()" % cid)
    quote = wait(drv, "var q = document.querySelector('#panel .why-item.act-extracted blockquote'); return q && q.textContent",
                 what="the claim's why")
    why = d.json("why", cid)
    check(quote == [i for i in why["items"] if i["act"] == "extracted"][0]["quote"], "why quotes the sentence: %r" % quote)
    check("connection" in quote, "the quote is the denial's sentence: %r" % quote)
    shot(drv, "claims-why")
    goto(drv, d.base, "claims")
    n = drv.execute_script("return document.querySelectorAll('.claim').length")
    check(n == len(d.json("claims")), "every claim listed: %d" % n)
    longest = max(d.json("claims"), key=lambda c: len(c["content"]))
    shown = drv.execute_script("return document.querySelector('.claim[data-claim=\"%s\"] .claim-text').textContent" % longest["id"])
    check(shown == longest["content"] and len(shown) > 60, "the longest claim is not cut (%d chars)" % len(shown))
    shot(drv, "claims", full=True)

    # Attribution rows.
    goto(drv, d.base, "attribution")
    rows = drv.execute_script("""return Array.from(document.querySelectorAll('table.attribution tbody tr')).map(r =>
        Array.from(r.cells).map(c => c.textContent))""")
    nk = [r for r in rows if r[0] == "North Korea" and r[2].startswith("Sony")]
    check(len(nk) == 1 and "North Korea" in nk[0][4] and "U.S. government" in nk[0][3], "attribution row: %r" % rows)
    check(len(rows) == len(d.json("attribution")), "every row: %d" % len(rows))
    shot(drv, "attribution", full=True)

    # The reader: highlights at byte spans, in an article with non-ASCII
    # characters before its claims (curly quotes are 3 bytes, 1 UTF-16 unit).
    texts = {}
    for doc in gold()["docs"]:
        with open(os.path.join(CORPUS, doc["file"]), "rb") as f:
            texts[doc["title"]] = f.read()
    arts = {a["id"]: texts[a["title"]] for a in d.json("articles")}
    best = None
    for c in d.json("claims"):
        raw = arts[c["article"]]
        before = raw[:c["span"]["start"]]
        if len(before) != len(before.decode("utf-8", "replace")) and (best is None or c["span"]["start"] > best["span"]["start"]):
            best = c
    check(best is not None, "a claim after non-ASCII text")
    sp = best["span"]
    goto(drv, d.base, "article?id=%s&start=%d&end=%d" % (best["article"], sp["start"], sp["end"]))
    got = drv.execute_script("return Array.from(document.querySelectorAll('.article-text .target')).map(e => e.textContent).join('')")
    check(got == arts[best["article"]][sp["start"]:sp["end"]].decode("utf-8"),
          "the reader's span is the claim's bytes: %r" % got)
    kinds = drv.execute_script("return ['hl-actor', 'hl-time', 'hl-claim'].map(k => document.querySelectorAll('.article-text .' + k).length)")
    check(all(k > 0 for k in kinds), "actors, times and claims highlighted: %r" % kinds)
    whole = drv.execute_script("return document.querySelector('.article-text').textContent")
    check(whole == arts[best["article"]].decode("utf-8"), "the reader shows the whole text")
    # Every highlighted actor is one of the names of an actor.
    names = set()
    for a in d.json("actors"):
        names.update([a["name"]] + a["aliases"])
    hl = drv.execute_script("return Array.from(document.querySelectorAll('.article-text .hl-actor')).map(e => e.textContent)")
    check(any(x in names for x in hl), "actor highlights are names: %r" % hl[:10])
    shot(drv, "reader-span")
    goto(drv, d.base, "article?id=%s" % best["article"])
    shot(drv, "reader", full=True)
    # A highlight opens its facts, and why for one of them.
    drv.execute_script("document.querySelector('.article-text .hl-claim').click()")
    wait(drv, "return document.querySelector('#panel .fact button')", what="facts of a passage")
    drv.execute_script("document.querySelector('#panel .fact button').click()")
    wait(drv, "return document.querySelector('#panel .why-items li')", what="why in the reader")
    shot(drv, "reader-why")

    # The brief as a page: its stylesheet from the daemon (the policy allows
    # no inline style), the North Korea attribution as the first judgment,
    # citations that open the reader at the quoted span.
    drv.get(d.base + "/api/export?format=brief_html&page")
    wait(drv, "return document.querySelector('h1') && document.readyState === 'complete'",
         what="the brief")
    first = drv.execute_script(
        "var l = document.querySelector('p.judgment'); return l ? l.textContent : ''")
    check("North Korea" in first and "responsible" in first, "first judgment: %r" % first[:200])
    styled = drv.execute_script(
        "return Array.from(document.styleSheets).some(s => s.href && s.href.endsWith('/api/brief.css')"
        " && s.cssRules.length > 0)")
    check(styled, "the brief's stylesheet is loaded from /api/brief.css")
    cite = drv.execute_script("var a = document.querySelector('a.cite'); return a ? a.getAttribute('href') : ''")
    check(cite.startswith("/#/article?id=") and "&start=" in cite, "citations open the reader: %r" % cite)
    shot(drv, "brief", full=True)
    drv.execute_script("document.querySelector('a.cite').click()")
    wait(drv, "return document.querySelector('.article-text mark.target, .article-text .target')",
         what="the reader at the cited span")
    errs = console_errors(drv)
    check(not errs, "no errors in the console on the brief: %r" % errs)

    # Narrower windows: the pages still lay out (no horizontal overflow).
    drv.set_window_size(800, 900)
    for route in ("timeline", "graph", "claims"):
        goto(drv, d.base, route)
        over = drv.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        check(over <= 1, "#/%s overflows a narrow window by %dpx" % (route, over))
        if route == "graph":
            width = drv.execute_script("return document.querySelector('svg.graph').getBoundingClientRect().width")
            xs = drv.execute_script("return Array.from(document.querySelectorAll('svg.graph a.node')).map(a => a.getBoundingClientRect().left)")
            check(max(xs) - min(xs) > width * 0.6, "the narrow graph uses its width: %r of %r" % (max(xs) - min(xs), width))
        shot(drv, route + "-narrow")
    errs = console_errors(drv)
    check(not errs, "no errors in the console: %r" % errs)
finally:
    drv.quit()
print("ok: pages, screenshots in %s" % web.SHOTS)
