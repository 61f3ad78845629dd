"""Live updates in two browser sessions: an analyst merges two actors from
the actor page in session 1 (a POST with the CSRF token, in the session's
analyst's name); session 2, showing the same actor, sees the merge arrive
through the live stream (/api/events) without a reload; then an article
filed from the command line appears in session 2's article list, again
without a reload."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from web import *  # noqa: E402,F401,F403
from selenium.webdriver.common.by import By  # noqa: E402

need_browser()
t = tmpdir()
isolate(t)
d = corpus_daemon(t)
A, B = "Federal Bureau of Investigation", "Department of Justice"
names = {a["name"] for a in d.json("actors")}
check(A in names and B in names, "two separate actors to merge: %r" % sorted(names))

one, two = browser(), browser()
try:
    login(one, d)
    login(two, d)
    route = "actor?name=" + A.replace(" ", "+")
    goto(one, d.base, route)
    goto(two, d.base, route)
    wait(two, "return document.body.dataset.live === 'open'", what="session 2's live stream")
    two.execute_script("window.__stay = 42")
    check(B not in two.find_element(By.CSS_SELECTOR, "#view h1").text + two.find_element(By.CSS_SELECTOR, "#view h1 + p").text,
          "not merged yet")

    # A merge with a name no actor has is refused by the daemon, and the
    # form says so; nothing is written.
    end = d.json("status")["log_end"]
    one.execute_script("document.body.dataset.lastAct = '';"
                       "var f = document.querySelector('form.curate-merge');"
                       "f.querySelector('input[name=b]').value = 'Nobody By This Name';"
                       "f.querySelector('button').click()")
    got = wait(one, "return document.body.dataset.lastAct", what="the refused merge's answer")
    check(got.startswith("merge: ") and got != "merge: done", "a merge with an unknown name is refused: %r" % got)
    shown = one.execute_script("var m = document.querySelector('form.curate-merge .form-msg');"
                               "return [m.className, m.textContent, m.getAttribute('role')]")
    check("error" in shown[0] and "Nobody By This Name" in shown[1] and shown[2] == "alert",
          "the form shows the daemon's error: %r" % shown)
    check(d.json("status")["log_end"] == end, "nothing is written")
    one.execute_script("document.querySelector('form.curate-merge input[name=b]').value = '';"
                       "document.body.dataset.lastAct = ''")

    # Session 1 merges through the form.
    form = one.find_element(By.CSS_SELECTOR, "form.curate-merge")
    form.find_element(By.CSS_SELECTOR, "input[name=b]").send_keys(B)
    form.find_element(By.CSS_SELECTOR, "input[name=note]").send_keys("the FBI is part of the DoJ")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    msg = wait(one, "return document.body.dataset.lastAct", what="the merge's answer")
    check(msg == "merge: done", "the merge is written: %r" % msg)
    merged = [a for a in d.json("actors") if A in [a["name"]] + a["aliases"]]
    check(len(merged) == 1 and B in [merged[0]["name"]] + merged[0]["aliases"], "one actor now: %r" % merged)
    analyst = one.execute_script("return document.getElementById('who').textContent")
    rc, out, err = d.run("log", "--from", str(d.json("status")["log_end"] - 1), "--json")
    log = [json.loads(x) for x in out.splitlines() if x.strip()]
    check(log and "names" in log[-1]["event"] and log[-1]["event"].get("author") == analyst, "the merge is the session analyst's: %r vs %r" % (log[-1], analyst))

    # Session 2 sees it without a reload.
    names_js = ("var h = document.querySelector('#view h1'), p = document.querySelector('#view h1 + p');"
                "return h && p && (h.textContent + ' ' + p.textContent)")
    wait(two, names_js + ".indexOf(%r) >= 0" % B,
         what="the merge in session 2")
    check(two.execute_script("return window.__stay") == 42, "session 2 did not reload")
    check(int(two.execute_script("return document.body.dataset.updates || '0'")) >= 1, "session 2 counted the change")
    live = two.find_element(By.ID, "live").text
    check(live.startswith("updated"), "session 2 shows the update: %r" % live)
    shot(two, "live-merge")

    # Session 1 sets the actor's preferred name; session 2 follows.
    one.execute_script("document.body.dataset.lastAct = '';"
                       "var f = document.querySelector('form.curate-name');"
                       "f.querySelector('input[name=preferred]').value = 'FBI';"
                       "f.querySelector('button').click()")
    got = wait(one, "return document.body.dataset.lastAct", what="the name's answer")
    check(got == "name: done", "preferred name from the page: %r" % got)
    check(d.json("actor", A)["actor"]["name"] == "FBI", "the actor goes by FBI now")
    wait(two, "var h = document.querySelector('#view h1'); return h && h.textContent.indexOf('FBI') === 0",
         what="the new name in session 2")
    check(two.execute_script("return window.__stay") == 42, "session 2 still did not reload")

    # An article filed from the command line appears in session 2's list.
    goto(two, d.base, "articles")
    two.execute_script("window.__stay = 43")
    before = two.execute_script("return document.querySelectorAll('#view tbody tr').length")
    p = varied_articles(os.path.join(t, "more"), 1, start=7)[0]
    d.run("ingest", p, "--published", "2014-12-20", "--publisher", "Live Desk",
          "--title", "A dispatch filed while the workspace was open")
    wait(two, "return document.querySelector('#view').textContent.indexOf('A dispatch filed while the workspace was open') >= 0",
         what="the new article in session 2")
    after = two.execute_script("return document.querySelectorAll('#view tbody tr').length")
    check(after == before + 1, "one more article: %d -> %d" % (before, after))
    check(two.execute_script("return window.__stay") == 43, "still without a reload")
    shot(two, "live-article")
    errs = console_errors(one, allow=("/api/merge",)) + console_errors(two)
    check(not errs, "no errors in the console: %r" % errs)
finally:
    one.quit()
    two.quit()
print("ok: live")
