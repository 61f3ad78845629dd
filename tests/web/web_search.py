"""Search from the page: words and a "phrase" typed in the search box list
articles and claims with the hits marked; a result opens the reader."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from web import *  # noqa: E402,F401,F403
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

need_browser()
t = tmpdir()
isolate(t)
d = corpus_daemon(t)

drv = browser()
try:
    login(drv, d)
    st = drv.execute_script("""return fetch('/api/search?q=Sony', {credentials: 'same-origin'})
        .then(r => r.status)""")
    if st == 404:
        skip("the daemon has no /api/search yet (the full-text search of issue 15 point 6)")
    for query, want in (("Guardians", ["guardians"]), ('"North Korea"', ["north korea"])):
        box = drv.find_element(By.ID, "searchq")
        box.clear()
        drv.execute_script("document.body.dataset.ready = ''")
        box.send_keys(query, Keys.ENTER)
        wait(drv, "return document.body.dataset.page === 'search' && document.body.dataset.ready", what="search results")
        hits = drv.execute_script("return Array.from(document.querySelectorAll('.hit')).map(h => h.className)")
        check(hits, "results for %s" % query)
        check(any("hit-article" in h for h in hits) and any("hit-claim" in h for h in hits),
              "articles and claims found for %s: %r" % (query, hits))
        marks = drv.execute_script("return Array.from(document.querySelectorAll('.hit mark')).map(m => m.textContent.toLowerCase())")
        check(marks and all(m in want for m in marks), "the hits are marked: %r" % marks[:10])
        shot(drv, "search")
    href = drv.execute_script("return document.querySelector('.hit-claim a').getAttribute('href')")
    goto(drv, d.base, href.lstrip("#/"))
    target = drv.execute_script("return Array.from(document.querySelectorAll('.article-text .target')).map(e => e.textContent).join('')")
    check("North Korea" in target, "a claim found opens the reader at it: %r" % target)
finally:
    drv.quit()
print("ok: search")
