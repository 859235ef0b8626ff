#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Open an HTML file in headless Chromium through the DevTools protocol and
check it: no console errors, no exceptions, no network requests, every
image loaded; save a screenshot.  Standard library only (a minimal
WebSocket client), so it needs nothing beyond Debian's chromium.

usage: cdp_check.py CHROMIUM FILE.html SCREENSHOT.png
prints one JSON line with what it found; exit 0 when all checks pass.
"""
import base64, json, os, re, socket, struct, subprocess, sys, tempfile
import time, urllib.request

def ws_connect(url):
    m = re.match(r"ws://([^:/]+):(\d+)(/.*)", url)
    host, port, path = m.group(1), int(m.group(2)), m.group(3)
    s = socket.create_connection((host, port), timeout=30)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
               "Upgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(4096)
        if not chunk:
            raise RuntimeError("websocket handshake: connection closed")
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    if b" 101 " not in head.split(b"\r\n")[0]:
        raise RuntimeError("websocket handshake: " + head.decode(errors="replace"))
    return s, rest

class WS:
    def __init__(self, url):
        self.s, self.buf = ws_connect(url)

    def send(self, obj):
        data = json.dumps(obj).encode()
        mask = os.urandom(4)
        n = len(data)
        if n < 126:
            hdr = struct.pack("!BB", 0x81, 0x80 | n)
        elif n < 65536:
            hdr = struct.pack("!BBH", 0x81, 0x80 | 126, n)
        else:
            hdr = struct.pack("!BBQ", 0x81, 0x80 | 127, n)
        self.s.sendall(hdr + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.s.recv(1 << 20)
            if not chunk:
                raise RuntimeError("websocket closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv(self):
        msg = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7f
            if n == 126:
                n = struct.unpack("!H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._read(8))[0]
            if b1 & 0x80:
                mask = self._read(4)
            payload = self._read(n)
            op = b0 & 0x0f
            if op in (0x1, 0x0, 0x2):
                msg += payload
                if b0 & 0x80:
                    return json.loads(msg)
            elif op == 0x8:
                raise RuntimeError("websocket closed by chromium")
            # ping/pong: ignored

def main():
    chromium, html, shot = sys.argv[1:4]
    prof = tempfile.mkdtemp(prefix="mc-chromium-")
    proc = subprocess.Popen(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu",
         "--no-first-run", "--no-default-browser-check",
         "--disable-extensions", "--remote-debugging-address=127.0.0.1",
         "--remote-debugging-port=0", f"--user-data-dir={prof}",
         "--window-size=1280,900", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 60
        port = None
        while time.time() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            m = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = m.group(1)
                break
        if not port:
            raise RuntimeError("chromium did not open its DevTools port")
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = next(t for t in targets if t.get("type") == "page")
        ws = WS(page["webSocketDebuggerUrl"])
        seq = [0]
        events = []

        def call(method, **params):
            seq[0] += 1
            my = seq[0]
            ws.send({"id": my, "method": method, "params": params})
            while True:
                m = ws.recv()
                if m.get("id") == my:
                    if "error" in m:
                        raise RuntimeError(f"{method}: {m['error']}")
                    return m.get("result", {})
                events.append(m)

        for d in ("Runtime.enable", "Log.enable", "Page.enable", "Network.enable"):
            call(d)
        call("Page.navigate", url="file://" + os.path.abspath(html))
        while not any(e.get("method") == "Page.loadEventFired" for e in events):
            events.append(ws.recv())
        imgs = call("Runtime.evaluate", returnByValue=True, expression=
                    "JSON.stringify(Array.from(document.images).map(i => "
                    "[i.alt, i.complete, i.naturalWidth, i.naturalHeight]))")
        imgs = json.loads(imgs["result"]["value"])
        title = call("Runtime.evaluate", returnByValue=True,
                     expression="document.title")["result"]["value"]
        shotb = call("Page.captureScreenshot", format="png",
                     captureBeyondViewport=True)["data"]
        with open(shot, "wb") as f:
            f.write(base64.b64decode(shotb))
        errors = []
        for e in events:
            meth, p = e.get("method"), e.get("params", {})
            if meth == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
                errors.append(("console", p.get("type"), [a.get("value") for a in p.get("args", [])]))
            elif meth == "Runtime.exceptionThrown":
                errors.append(("exception", p.get("exceptionDetails", {}).get("text")))
            elif meth == "Log.entryAdded" and p.get("entry", {}).get("level") in ("error", "warning"):
                errors.append(("log", p["entry"].get("text")))
        requests = [e["params"]["request"]["url"][:80] for e in events
                    if e.get("method") == "Network.requestWillBeSent"
                    and not e["params"]["request"]["url"].startswith(("file:", "data:"))]
        bad = [i for i in imgs if not (i[1] and i[2] > 0 and i[3] > 0)]
        result = {"title": title, "images": len(imgs), "images_not_loaded": bad,
                  "image_sizes": [[i[0], i[2], i[3]] for i in imgs],
                  "console_errors": errors, "network_requests": requests,
                  "screenshot_bytes": os.path.getsize(shot)}
        print(json.dumps(result))
        ok = not bad and not errors and not requests and imgs
        return 0 if ok else 1
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        subprocess.run(["rm", "-rf", prof])

if __name__ == "__main__":
    sys.exit(main())
