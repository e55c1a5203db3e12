"""A WebDriver client over the W3C HTTP API with the standard library only:
enough to drive chromedriver for the browser test."""

import base64
import json
import socket
import time
import urllib.error
import urllib.request

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


def screenshot(driver, path):
    driver.script("window.scrollTo(0, 0);")
    with open(path, "wb") as f:
        f.write(base64.b64decode(driver.session_call("GET", "/screenshot")))
    return []


def hover(driver, x, y):
    driver.session_call("POST", "/actions", {"actions": [{
        "type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
        "actions": [{"type": "pointerMove", "duration": 0, "origin": "viewport", "x": int(x), "y": int(y)}],
    }]})
    tip = driver.script("var t = document.getElementById('tooltip'); return t.hidden ? '' : t.textContent;")
    driver.session_call("DELETE", "/actions")
    return tip
