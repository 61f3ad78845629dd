"""web.py: what the browser tests share (on top of tests/service/svc.py):
a dossierd serving the workspace over HTTP on a free loopback port, with
the five sample articles filed; login URLs from `dossier web --print`;
headless Chromium driven by Debian's python3-selenium and
chromium-driver; screenshots under BUILD/web-shots/.

The tests run with /usr/bin/python3 (Debian's, which has selenium).  They
skip (exit 77) with a message only when chromium, chromedriver or selenium
is missing."""
import json
import os
import shutil
import socket
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "service"))
from svc import *  # noqa: E402,F401,F403
import svc  # noqa: E402

SHOTS = os.path.join(svc.BUILD, "web-shots")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)


def need_browser():
    if not CHROMIUM or not CHROMEDRIVER:
        svc.skip("chromium and chromium-driver are not installed (scripts/install-deps.sh installs them)")
    try:
        import selenium  # noqa: F401
    except ImportError:
        svc.skip("python3-selenium is not installed for %s (scripts/install-deps.sh)" % sys.executable)


def free_port():
    import dsrwire  # the service tests' port picker (below the ephemeral range)
    return dsrwire.free_port()


def isolate(t):
    os.environ["XDG_CONFIG_HOME"] = os.path.join(t, "config")
    os.environ.pop("DOSSIER_AUTHOR", None)
    os.environ["USER"] = "tester"


class WebDaemon(svc.Daemon):
    """A dossierd with --http on a free loopback port."""

    def __init__(self, data, *args, **kw):
        for _ in range(5):
            self.port = free_port()
            super().__init__(data, "--http", "127.0.0.1:%d" % self.port, *args, **kw)
            if self.wait_http():
                break
            self.kill9()
        else:
            svc.fail("dossierd did not answer HTTP:\n" + self.logtext())
        self.base = "http://127.0.0.1:%d" % self.port

    def wait_http(self, timeout=10):
        end = time.time() + timeout
        while time.time() < end:
            if self.proc.poll() is not None:
                return False
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.5).close()
                return True
            except OSError:
                time.sleep(0.05)
        return False

    def login_url(self):
        rc, out, err = self.run("web", "--print")
        url = out.strip().splitlines()[-1] if out.strip() else ""
        svc.check(url.startswith("http://") and "/login?" in url, "dossier web --print: %r %r" % (out, err))
        return url

    def http(self, path, data=None, headers=None, method=None):
        """(status, parsed JSON or text) of a request without a session."""
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                body, status = r.read(), r.status
        except urllib.error.HTTPError as e:
            body, status = e.read(), e.code
        try:
            return status, json.loads(body)
        except ValueError:
            return status, body.decode(errors="replace")


def corpus_daemon(t):
    d = WebDaemon(os.path.join(t, "data"))
    res = svc.ingest_corpus(d)
    if sum(r["actors"] for r in res) == 0:
        svc.skip("the extractor found no actor in the sample corpus")
    return d


def browser(width=1280, height=800):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    o = Options()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=%d,%d" % (width, height), "--hide-scrollbars"):
        o.add_argument(a)
    if CHROMIUM:
        o.binary_location = CHROMIUM
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(options=o, service=Service(CHROMEDRIVER))
    drv.set_page_load_timeout(30)
    return drv


def wait(drv, js, timeout=15, what=None):
    """Polls the page until the script returns something true; returns it."""
    end = time.time() + timeout
    last = None
    while time.time() < end:
        try:
            last = drv.execute_script(js)
        except Exception as e:  # noqa: BLE001  (the page may be navigating)
            last = e
        if last and not isinstance(last, Exception):
            return last
        time.sleep(0.1)
    errors = [x["message"] for x in drv.get_log("browser")]
    svc.fail("timed out waiting for %s (last %r); console: %r" % (what or js, last, errors[-10:]))


def goto(drv, base, route):
    """Opens a page of the workspace (by its hash route) and waits until it
    is drawn (main.js sets body[data-ready] when a page is done)."""
    drv.execute_script("document.body.dataset.ready = ''")
    if drv.current_url.startswith(base):
        drv.execute_script("location.hash = arguments[0]", "#/" + route)
    else:
        drv.get(base + "/#/" + route)
    wait(drv, "return document.body.dataset.ready && document.body.dataset.ready !== ''", what="page #/" + route)
    err = drv.execute_script("var e = document.querySelector('#view .error'); return e && e.textContent")
    svc.check(not err, "page #/%s shows an error: %s" % (route, err))


def login(drv, d):
    drv.get(d.login_url())
    wait(drv, "return document.body.dataset.ready && document.body.dataset.ready !== ''", what="the first page")
    who = drv.execute_script("return document.getElementById('who').textContent")
    svc.check(who, "the header names the analyst after login")


def shot(drv, name, full=False):
    """Saves a screenshot of the window (full: of the whole page, up to
    2400 pixels high) as BUILD/web-shots/NAME.png."""
    os.makedirs(SHOTS, exist_ok=True)
    p = os.path.join(SHOTS, name + ".png")
    if full:
        size = drv.get_window_size()
        h = drv.execute_script("return document.documentElement.scrollHeight")
        drv.set_window_size(size["width"], min(2400, max(size["height"], h + 140)))
        time.sleep(0.3)
        drv.save_screenshot(p)
        drv.set_window_size(size["width"], size["height"])
    else:
        drv.save_screenshot(p)
    return p


def console_errors(drv, allow=()):
    """The page's errors in the console, but for failed loads of the URLs
    in allow (answers a test asked for, such as a refused write)."""
    return [x["message"] for x in drv.get_log("browser")
            if x.get("level") == "SEVERE" and not any(a in x["message"] for a in allow)]
