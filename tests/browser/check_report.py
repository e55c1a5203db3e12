#!/usr/bin/env python3
"""Opens gilsim's HTML report of some scenarios in headless Chromium and checks
what a user would see: no script errors, one lane per core, per GIL, per
lock, per counted primitive or device and per thread, bars drawn where the run
has slices, a tooltip on hover, zoom, a legend of the states the run shows and
no other, prints marked with their text on hover, GIL hand-off arrows that
the legend's box turns off and on, and after a deadlock the lanes of its cycle
marked and a hatched stretch that says they are stuck. Saves a screenshot of
each page in the output folder and checks that it shows the key colours.

    check_report.py --gilsim BUILD/gilsim --out BUILD/browser [--compare SCENARIO.json] SCENARIO.json...

--compare also opens `gilsim compare`'s page of that scenario in an 800-pixel
window: nothing may run off the page's right edge (a wide table scrolls in
its own box, the chart scales down).

Drives chromedriver through the W3C WebDriver HTTP API with the standard
library only. Chromium runs offline (file:// page, no background networking).
Exits 1 on any failed check, and also when Chromium is missing: a skipped
browser test must not pass for a passing one.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import urllib.error

from png_reader import PngError, colour_count, png_pixels  # noqa: F401  (png_pixels: for tools/readme-samples)
from webdriver import STEP_TIMEOUT, Failure, WebDriver, free_port, hover, screenshot

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--disable-dev-shm-usage",
    "--window-size=1400,900",
]


def run_gilsim(command):
    """Standard output of a gilsim run; a deadlock (exit 3) still writes its report."""
    done = subprocess.run(command, capture_output=True, timeout=STEP_TIMEOUT)
    if done.returncode not in (0, 3):
        raise Failure(f"{' '.join(command)} exited with {done.returncode}: {done.stderr.decode()[:300]}")
    return done.stdout


def run_report(gilsim, scenario):
    return json.loads(run_gilsim([gilsim, "run", scenario, "--format", "json"]))


def expected_lanes(report):
    """Cores, GILs, locks, counters and threads of the run, from the JSON report."""
    gils = sum(1 for p in report["processes"] if p["gil"])
    locks = sum(1 for s in report["syncs"] if s["kind"] in ("lock", "rlock"))
    return {"core": report["cores"], "gil": gils, "lock": locks, "counter": len(report["syncs"]) - locks,
            "thread": len(report["threads"])}


def check_page(driver, html_path, report, screenshot_path):
    expected = expected_lanes(report)
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
        "var n = {core: 0, gil: 0, lock: 0, counter: 0, thread: 0};"
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
        "  if (lane.kind === 'counter') return [true, lanes[i].querySelectorAll('.bars path.counter').length > 0];"
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

    problems += check_legend(driver)
    problems += check_prints(driver)
    problems += check_handoffs(driver)
    problems += check_deadlock(driver, report)
    problems += check_locks(driver, report)

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


def check_legend(driver):
    """The legend names the states the thread lanes show, and no other."""
    shown = driver.script(
        "var data = JSON.parse(document.getElementById('gilsim-data').textContent), used = {};"
        "data.lanes.forEach(function (lane) { if (lane.kind !== 'thread') return;"
        "  for (var i = 2; i < lane.slices.length; i += 3) used[lane.slices[i] % 16] = true; });"
        "var words = data.styles.map(function (s, i) { return s && used[i] ? s[1] : null; }).filter(Boolean);"
        "var all = data.styles.filter(Boolean).map(function (s) { return s[1]; });"
        "var legend = document.getElementById('legend').textContent;"
        "return {missing: words.filter(function (w) { return legend.indexOf(w) < 0; }),"
        "        extra: all.filter(function (w) { return words.indexOf(w) < 0 && legend.indexOf(w) >= 0; })};")
    problems = []
    if shown["missing"]:
        problems.append(f"legend lacks states the lanes show: {shown['missing']}")
    if shown["extra"]:
        problems.append(f"legend lists states no lane shows: {shown['extra']}")
    return problems


def check_prints(driver):
    """Each print is a mark on its thread's lane; hovering one shows its text."""
    target = driver.script(
        "var data = JSON.parse(document.getElementById('gilsim-data').textContent);"
        "if (!data.prints.length) return null;"
        "var mark = document.querySelector('#lanes path.print');"
        "if (!mark) return {missing: true};"
        "mark.scrollIntoView({block: 'center'});"
        "var r = mark.getBoundingClientRect();"
        "return {x: r.left + r.width / 2, y: r.top + 2, texts: data.prints.map(function (p) { return p[2]; })};")
    if target is None:
        return []
    if target.get("missing"):
        return ["the run printed, but no print is marked on the chart"]
    tip = hover(driver, target["x"], target["y"])
    if "printed" not in tip or not any(text in tip for text in target["texts"]):
        return [f"hovering a print mark shows {tip!r}"]
    return []


def check_handoffs(driver):
    """GIL hand-offs are arrows between thread lanes; the legend's box hides them."""
    box = driver.script("return !!document.getElementById('show-handoffs');")
    if not box:
        return []
    drawn = "return document.querySelectorAll('#lanes line.handoff').length;"
    if driver.script(drawn) == 0:
        return ["no GIL hand-off arrow drawn"]
    driver.script("document.getElementById('show-handoffs').click();")
    driver.wait_for(drawn.replace("return ", "return 0 === "), "the hand-off arrows to go")
    driver.script("document.getElementById('show-handoffs').click();")
    driver.wait_for(drawn.replace("return ", "return 0 < "), "the hand-off arrows to come back")
    return []


def check_deadlock(driver, report):
    """After a deadlock: the cycle's thread and lock lanes are marked, the cycle
    is written out, and the stretch after the deadlock says it is stuck."""
    if report["outcome"] != "deadlock":
        return []
    detail = report["deadlock_detail"]
    threads = {w["thread"] for cycle in detail["cycles"] for w in cycle}
    locks = {w["waits_for"]["lock"] for cycle in detail["cycles"] for w in cycle if "lock" in w["waits_for"]}
    marked = driver.script(
        "return Array.prototype.map.call(document.querySelectorAll('#lanes .lane.cycle .lane-label title'),"
        "  function (t) { return t.textContent; });")
    problems = []
    thread_marks = [m for m in marked if any(m.startswith(t) for t in threads)]
    lock_marks = [m for m in marked if m.startswith("lock ")]
    if len(thread_marks) != len(threads) or len(lock_marks) != len(locks) or len(marked) != len(threads) + len(locks):
        problems.append(f"cycle lanes marked: {marked}; expected the threads {sorted(threads)} and the locks {sorted(locks)}")
    text = driver.script("var c = document.querySelector('.cycle'); return c ? c.textContent : '';")
    if "Wait-for cycle" not in text or not all(t in text for t in threads):
        problems.append(f"the cycle is not written out: {text!r}")
    target = driver.script(
        "var stuck = document.querySelector('#lanes rect.stuck');"
        "var lane = document.querySelector('#lanes .lane.thread.cycle .lane-bg');"
        "if (!stuck || !lane) return null;"
        "lane.scrollIntoView({block: 'center'});"
        "var s = stuck.getBoundingClientRect(), l = lane.getBoundingClientRect();"
        "return {x: (s.left + s.right) / 2, y: l.top + l.height / 2};")
    if target is None:
        return problems + ["no stuck stretch drawn after the deadlock"]
    tip = hover(driver, target["x"], target["y"])
    if "stuck" not in tip or "never" not in tip:
        problems.append(f"hovering the stuck stretch shows {tip!r}")
    return problems


def check_locks(driver, report):
    """Each lock's lane shows its holders; hovering a hold names the thread."""
    if not any(s["kind"] in ("lock", "rlock") for s in report["syncs"]):
        return []
    target = driver.script(
        "var bar = document.querySelector('#lanes .lane.lock .bars rect');"
        "if (!bar) return null;"
        "bar.scrollIntoView({block: 'center'});"
        "var r = bar.getBoundingClientRect();"
        "return {x: r.left + Math.min(r.width / 2, 20), y: r.top + r.height / 2};")
    if target is None:
        return ["no hold drawn on a lock's lane"]
    tip = hover(driver, target["x"], target["y"])
    if "held by" not in tip:
        return [f"hovering a lock's hold shows {tip!r}"]
    return []


# Colours the screenshot must show: running Python, and a deadlock's red mark.
RUNNING = "#1f5fa8"
CYCLE_MARK = "#c92a2a"


def check_screenshot(path, report):
    problems = []
    if report["outcome"] == "deadlock" and colour_count(path, CYCLE_MARK) < 20:
        problems.append(f"{path}: the deadlock's red marks are not on screen")
    if any(t["running_ns"] > 0 for t in report["threads"]) and colour_count(path, RUNNING) < 20:
        problems.append(f"{path}: no thread is seen running")
    return problems


def check_compare_page(driver, gilsim, scenario, out):
    html_path = os.path.join(out, "compare-" + os.path.splitext(os.path.basename(scenario))[0] + ".html")
    run_gilsim([gilsim, "compare", scenario, "--gil", "on,off", "--cores", "1,2,4", "-f", "html", "-o", html_path,
                "--quiet"])
    driver.session_call("POST", "/window/rect", {"width": 800, "height": 900})
    try:
        driver.session_call("POST", "/url", {"url": "file://" + os.path.abspath(html_path)})
        driver.wait_for("return document.readyState === 'complete';", "the compare page to load")
        sizes = driver.script(
            "var wrap = document.querySelector('.table-wrap'), svg = document.querySelector('svg.chart');"
            "return {page: document.documentElement.scrollWidth, window: document.documentElement.clientWidth,"
            "        wrap: !!wrap, chart: svg ? svg.getBoundingClientRect().right : 0};")
        screenshot(driver, html_path[:-5] + ".png")
    finally:
        driver.session_call("POST", "/window/rect", {"width": 1400, "height": 900})
    problems = []
    if sizes["page"] > sizes["window"]:
        problems.append(f"the compare page is {sizes['page']} px wide in a {sizes['window']} px window")
    if not sizes["wrap"]:
        problems.append("the compare table has no scrolling box")
    if sizes["chart"] > sizes["window"]:
        problems.append(f"the compare chart ends at {sizes['chart']} px, past the window")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gilsim", required=True)
    parser.add_argument("--out", required=True, help="folder for the reports and screenshots")
    parser.add_argument("--compare", action="append", default=[], help="also check this scenario's compare page")
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
                    report = run_report(args.gilsim, scenario)
                    shot = os.path.join(args.out, stem + ".png")
                    problems = check_page(driver, html_path, report, shot)
                    if not problems:
                        problems = check_screenshot(shot, report)
                except (Failure, PngError) as e:
                    problems = [str(e)]
                for problem in problems:
                    print(f"FAIL {scenario}: {problem}")
                if problems:
                    failures += 1
                else:
                    passed += 1
                    print(f"ok   {scenario} (screenshot: {os.path.join(args.out, stem + '.png')})")
            for scenario in args.compare:
                try:
                    problems = check_compare_page(driver, args.gilsim, scenario, args.out)
                except (Failure, PngError) as e:
                    problems = [str(e)]
                for problem in problems:
                    print(f"FAIL compare {scenario}: {problem}")
                if problems:
                    failures += 1
                else:
                    passed += 1
                    print(f"ok   compare {scenario}")
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
