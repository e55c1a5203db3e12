#!/usr/bin/env python3
"""Opens gilsim's HTML report of some scenarios in headless Chromium and checks
what a user would see: no script errors, one lane per core, per GIL and per
thread, bars drawn where the run has slices, a tooltip on hover, and zoom.
Saves a screenshot of each page in the output folder.

    check_report.py --gilsim BUILD/gilsim --out BUILD/browser SCENARIO.json...

Drives chromedriver through the W3C WebDriver HTTP API with the standard
library only. Chromium runs offline (file:// page, no background networking).
Exits 1 on any failed check, and also when Chromium is missing: a skipped
browser test must not pass for a passing one.
"""

import argparse
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--disable-dev-shm-usage",
    "--window-size=1400,900",
]
STEP_TIMEOUT = 30  # seconds for any one WebDriver call or wait


class Failure(Exception):
    pass


class WebDriver:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.session = None

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=STEP_TIMEOUT) as response:
                return json.loads(response.read() or b"{}").get("value")
        except urllib.error.HTTPError as e:
            raise Failure(f"WebDriver {method} {path}: {e.code} {e.read()[:500]!r}") from None

    def session_call(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def script(self, code, *args):
        return self.session_call("POST", "/execute/sync", {"script": code, "args": list(args)})

    def wait_for(self, code, what):
        deadline = time.monotonic() + STEP_TIMEOUT
        while time.monotonic() < deadline:
            if self.script(code):
                return
            time.sleep(0.1)
        raise Failure(f"timed out waiting for {what}")

    def browser_log(self):
        # chromedriver keeps the legacy log endpoint; newer ones also answer under /se/.
        for method, path, body in (("POST", "/se/log", {"type": "browser"}), ("POST", "/log", {"type": "browser"})):
            try:
                return self.session_call(method, path, body) or []
            except Failure:
                continue
        raise Failure("chromedriver gives no browser log")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_gilsim(command):
    """Standard output of a gilsim run; a deadlock (exit 3) still writes its report."""
    done = subprocess.run(command, capture_output=True, timeout=STEP_TIMEOUT)
    if done.returncode not in (0, 3):
        raise Failure(f"{' '.join(command)} exited with {done.returncode}: {done.stderr.decode()[:300]}")
    return done.stdout


def expected_lanes(gilsim, scenario):
    """Cores, GILs and threads of the run, from the JSON report."""
    report = json.loads(run_gilsim([gilsim, "run", scenario, "--format", "json"]))
    gils = sum(1 for p in report["processes"] if p["gil"])
    return {"core": report["cores"], "gil": gils, "thread": len(report["threads"])}


def check_page(driver, html_path, expected, screenshot_path):
    driver.session_call("POST", "/url", {"url": "file://" + os.path.abspath(html_path)})
    driver.wait_for("return document.body && document.body.getAttribute('data-chart-ready') === 'yes';",
                    "the chart to be drawn")
    problems = []

    errors = driver.script("return window.gilsimErrors;")
    if errors:
        problems.append(f"script errors: {errors}")
    severe = [e for e in driver.browser_log() if e.get("level") == "SEVERE"]
    if severe:
        problems.append(f"console errors: {[e.get('message') for e in severe]}")

    lanes = driver.script(
        "var n = {core: 0, gil: 0, thread: 0};"
        "document.querySelectorAll('#lanes .lane').forEach(function (g) { n[g.getAttribute('data-kind')]++; });"
        "return n;")
    if lanes != expected:
        problems.append(f"lanes {lanes}, expected {expected}")

    # Every lane on screen with slices in the data shows bars, and no other
    # does. (Lanes far off screen are drawn when scrolled to.)
    drawn = driver.script(
        "var data = JSON.parse(document.getElementById('gilsim-data').textContent);"
        "var lanes = document.querySelectorAll('#lanes .lane');"
        "return data.lanes.map(function (lane, i) {"
        "  var box = lanes[i].getBoundingClientRect();"
        "  if (box.bottom < 0 || box.top > window.innerHeight) return null;"
        "  return [lane.slices.length > 0, lanes[i].querySelectorAll('.bars rect').length > 0]; });")
    on_screen = [d for d in drawn if d is not None]
    mismatched = [i for i, d in enumerate(drawn) if d is not None and d[0] != d[1]]
    if not on_screen:
        problems.append("no lane on screen")
    if mismatched:
        problems.append(f"lanes {mismatched[:10]}: bars drawn do not match the data")

    # Hover the middle of the first bar on a thread lane, as a user would.
    target = driver.script(
        "var bar = document.querySelector('#lanes .lane.thread .bars rect');"
        "if (!bar) return null;"
        "var lane = bar.closest('.lane');"
        "bar.scrollIntoView({block: 'center'});"
        "var r = bar.getBoundingClientRect();"
        "return {x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2),"
        "        label: lane.querySelector('.lane-label title').textContent};")
    threads_have_slices = driver.script(
        "return JSON.parse(document.getElementById('gilsim-data').textContent).lanes.some(function (lane) {"
        "  return lane.kind === 'thread' && lane.slices.length > 0; });")
    if target is None:
        if threads_have_slices:
            problems.append("no bar drawn on any thread lane")
    else:
        driver.session_call("POST", "/actions", {"actions": [{
            "type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
            "actions": [{"type": "pointerMove", "duration": 0, "origin": "viewport", "x": target["x"], "y": target["y"]}],
        }]})
        tip = driver.script("var t = document.getElementById('tooltip'); return t.hidden ? '' : t.textContent;")
        if target["label"] not in tip or "\u2192" not in tip:
            problems.append(f"hovering a bar of {target['label']} shows {tip!r}")
        driver.session_call("DELETE", "/actions")

    # Zoom in changes the visible span; "Whole run" brings the first view back.
    driver.script("window.scrollTo(0, 0);")
    if driver.script("return JSON.parse(document.getElementById('gilsim-data').textContent).makespan;") == 0:
        driver.script("document.getElementById('zoom-in').click();")  # disabled: nothing to zoom
        return problems + screenshot(driver, screenshot_path)
    whole = driver.script("return document.getElementById('view-range').textContent;")
    driver.script("document.getElementById('zoom-in').click();")
    driver.wait_for("return document.getElementById('view-range').textContent !== arguments[0];".replace(
        "arguments[0]", json.dumps(whole)), "the view to zoom in")
    driver.script("document.getElementById('zoom-reset').click();")
    driver.wait_for("return document.getElementById('view-range').textContent === " + json.dumps(whole) + ";",
                    "the whole run to be shown again")

    return problems + screenshot(driver, screenshot_path)


def screenshot(driver, path):
    with open(path, "wb") as f:
        f.write(base64.b64decode(driver.session_call("GET", "/screenshot")))
    return []


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gilsim", required=True)
    parser.add_argument("--out", required=True, help="folder for the reports and screenshots")
    parser.add_argument("scenarios", nargs="+")
    args = parser.parse_args()

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not chromium or not chromedriver:
        print("FAIL: the browser test needs chromium and chromedriver (Debian: chromium chromium-driver); "
              "tools/test installs them")
        return 1
    os.makedirs(args.out, exist_ok=True)

    failures = passed = 0
    with tempfile.TemporaryDirectory(prefix="gilsim-browser-") as profile:
        port = free_port()
        log_path = os.path.join(args.out, "chromedriver.log")
        with open(log_path, "wb") as log:
            process = subprocess.Popen([chromedriver, f"--port={port}"], stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        driver = WebDriver(port)
        try:
            deadline = time.monotonic() + STEP_TIMEOUT
            while True:
                try:
                    if driver.call("GET", "/status").get("ready"):
                        break
                except (urllib.error.URLError, ConnectionError, Failure):
                    pass
                if time.monotonic() > deadline or process.poll() is not None:
                    raise Failure(f"chromedriver did not start (see {log_path})")
                time.sleep(0.1)
            capabilities = {"browserName": "chrome",
                            "goog:chromeOptions": {"binary": chromium,
                                                   "args": CHROMIUM_FLAGS + [f"--user-data-dir={profile}"]},
                            "goog:loggingPrefs": {"browser": "ALL"}}
            driver.session = driver.call("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}})["sessionId"]
            for scenario in args.scenarios:
                stem = os.path.splitext(os.path.basename(scenario))[0]
                html_path = os.path.join(args.out, stem + ".html")
                try:
                    run_gilsim([args.gilsim, "run", scenario, "--format", "html", "-o", html_path])
                    problems = check_page(driver, html_path, expected_lanes(args.gilsim, scenario),
                                          os.path.join(args.out, stem + ".png"))
                except Failure as e:
                    problems = [str(e)]
                for problem in problems:
                    print(f"FAIL {scenario}: {problem}")
                if problems:
                    failures += 1
                else:
                    passed += 1
                    print(f"ok   {scenario} (screenshot: {os.path.join(args.out, stem + '.png')})")
        except Failure as e:
            print(f"FAIL: {e}")
            failures += 1
        finally:
            if driver.session:
                try:
                    driver.call("DELETE", f"/session/{driver.session}")
                except (Failure, OSError):
                    pass
            # chromedriver and the Chromium it started share one process group.
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(timeout=STEP_TIMEOUT)
    print(f"browser: {passed} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
