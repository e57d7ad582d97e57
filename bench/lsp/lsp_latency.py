#!/usr/bin/env python3
"""Edit-to-diagnostics latency of `vigil lsp`, timed from outside the server.

For each document (1,000 lines of code-like text, and 1 MiB), the script
starts `vigil lsp` in a scratch workspace, opens the document (one fake
credential in the middle, so every scan publishes a diagnostic), then sends
EDITS incremental didChange notifications, one at a time, a pause apart (a
person typing a character, then pausing: longer than the server's debounce,
so each edit is scanned at once). The latency of an edit is the time from
writing its didChange to reading the publishDiagnostics of its version.
A burst of keystrokes (10 ms apart) is timed too: from the last keystroke to
the diagnostics of the last version (debounce included), with the number of
scans the burst cost, and the server's own CPU time per edit (from /proc,
so it does not depend on the machine's load). Beside each, `vigil scan -
--path-hint F` on the same text (process start to exit), what an editor pays
without the server.

    python3 bench/lsp/lsp_latency.py [--vigil build/vigil] [--edits 200]
"""
import argparse
import json
import os
import random
import select
import statistics
import string
import subprocess
import tempfile
import time

WORDS = "config request handler user session buffer value result context client server index parse render".split()


def fake_token(rng):
    # Built here, at run time: the repository holds no credential-shaped text.
    return "ghp_" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(36))


def document(lines, rng, token):
    out = []
    for i in range(lines):
        a, b, c = rng.sample(WORDS, 3)
        out.append(f"    {a}_{b} = {c}.{a}({b}, {rng.randint(0, 99999)})  # line {i}")
    out[len(out) // 2] = f'    api_token = "{token}"'
    return "\n".join(out) + "\n"


class Server:
    def __init__(self, vigil, root):
        self.proc = subprocess.Popen([vigil, "lsp"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.buffer = b""
        self.next_id = 1

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method, params):
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        self.next_id += 1

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def read(self, timeout=30.0):
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end >= 0:
                length = int(self.buffer[len(b"Content-Length: "):end])
                if len(self.buffer) >= end + 4 + length:
                    body = self.buffer[end + 4:end + 4 + length]
                    self.buffer = self.buffer[end + 4 + length:]
                    return json.loads(body)
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError("no message from the server")
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise EOFError("the server closed its output")
            self.buffer += chunk

    def diagnostics(self, uri, version):
        while True:
            message = self.read()
            if (message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri
                    and message["params"].get("version") == version):
                return message["params"]["diagnostics"]

    def cpu_seconds(self):
        # utime + stime of the server (Linux): its own work, whatever the machine's load.
        with open(f"/proc/{self.proc.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(vigil, name, text, edits, pause, rng):
    root = tempfile.mkdtemp(prefix="vigil-lsp-bench-")
    path = os.path.join(root, "app", "settings.py")
    os.makedirs(os.path.dirname(path))
    with open(path, "w") as out:
        out.write(text)
    uri = "file://" + path
    server = Server(vigil, root)
    server.request("initialize", {"rootUri": "file://" + root, "capabilities": {}})
    server.read()
    server.notify("initialized", {})
    server.notify("textDocument/didOpen",
                  {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
    assert len(server.diagnostics(uri, 1)) == 1, "the planted token is not found"
    lines = text.count("\n")
    version = 1
    latencies = []
    cpu_before = server.cpu_seconds()
    for i in range(edits):
        time.sleep(pause)
        # Type a character on a random line, or delete the one typed before.
        if i % 2 == 0:
            line = rng.randrange(lines)
            change = {"range": {"start": {"line": line, "character": 4}, "end": {"line": line, "character": 4}},
                      "text": "x"}
        else:
            change = {"range": {"start": {"line": line, "character": 4}, "end": {"line": line, "character": 5}},
                      "text": ""}
        version += 1
        started = time.perf_counter()
        server.notify("textDocument/didChange",
                      {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        found = server.diagnostics(uri, version)
        latencies.append((time.perf_counter() - started) * 1000)
        assert len(found) == 1
    cpu_per_edit = (server.cpu_seconds() - cpu_before) * 1000 / edits
    # A burst: 20 keystrokes 10 ms apart.
    time.sleep(pause)
    published_before = version
    for k in range(20):
        version += 1
        change = {"range": {"start": {"line": 0, "character": k}, "end": {"line": 0, "character": k}}, "text": "y"}
        last = time.perf_counter()
        server.notify("textDocument/didChange",
                      {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        time.sleep(0.010)
    scans = 0
    while True:
        message = server.read()
        if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
            scans += 1
            if message["params"].get("version") == version:
                break
    burst = (time.perf_counter() - last) * 1000
    server.close()

    scan_times = []
    for _ in range(max(10, edits // 10)):
        started = time.perf_counter()
        result = subprocess.run([vigil, "scan", "-", "--path-hint", "app/settings.py", "--format", "json"],
                                input=text.encode(), cwd=root, capture_output=True)
        scan_times.append((time.perf_counter() - started) * 1000)
        assert result.returncode == 1, result.stderr
    subprocess.run(["rm", "-rf", root])
    return {
        "document": name, "bytes": len(text.encode()), "lines": lines, "edits": edits,
        "median_ms": statistics.median(latencies), "p95_ms": percentile(latencies, 0.95),
        "max_ms": max(latencies), "server_cpu_ms_per_edit": cpu_per_edit,
        "burst_ms": burst, "burst_scans": scans, "burst_version_gap": version - published_before,
        "scan_median_ms": statistics.median(scan_times), "scan_p95_ms": percentile(scan_times, 0.95),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--vigil", default=os.path.join(here, "..", "..", "build", "vigil"))
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--pause", type=float, default=0.08, help="seconds between edits (over the 50 ms debounce)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    vigil = os.path.abspath(args.vigil)
    rng = random.Random(14)
    token = fake_token(rng)
    small = document(1000, rng, token)
    big_lines = 1000
    while len(document(big_lines, random.Random(1), token).encode()) < (1 << 20):
        big_lines += 1000
    big = document(big_lines, rng, token)
    big = big[:1 << 20].rsplit("\n", 1)[0] + "\n"
    results = [measure(vigil, "1,000 lines", small, args.edits, args.pause, rng),
               measure(vigil, "1 MiB", big, args.edits, args.pause, rng)]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"load average before: {os.getloadavg()[0]:.2f}; {args.edits} edits per document, {args.pause * 1000:.0f} ms apart")
    print("| document | edit to diagnostics, median | p95 | max | server CPU per edit "
          "| 20-key burst: last key to diagnostics (scans) | `vigil scan -`, median | p95 |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        print(f"| {r['document']} ({r['bytes']:,} bytes, {r['lines']:,} lines) | {r['median_ms']:.2f} ms "
              f"| {r['p95_ms']:.2f} ms | {r['max_ms']:.2f} ms | {r['server_cpu_ms_per_edit']:.1f} ms "
              f"| {r['burst_ms']:.1f} ms ({r['burst_scans']}) "
              f"| {r['scan_median_ms']:.1f} ms | {r['scan_p95_ms']:.1f} ms |")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
