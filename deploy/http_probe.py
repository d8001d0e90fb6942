"""HTTP helpers for deploy/check (standard library only).

python deploy/http_probe.py stub PORT_FILE LOG_FILE [READYZ_STATUS]
    A stand-in for the bot on 127.0.0.1 (a free port, written to PORT_FILE): every
    request is appended to LOG_FILE as a JSON line and answered 200, except
    GET /readyz, which answers READYZ_STATUS (default 200). Stops after 120 s.

python deploy/http_probe.py expect METHOD URL STATUS [HEADER:VALUE ...]
    Sends one request (TLS certificates are not verified: the check's are
    self-signed) and exits 0 when the answer's status is STATUS; Host and other
    headers can be given.
"""

from __future__ import annotations

import json
import ssl
import sys
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def stub(port_file: str, log_file: str, readyz_status: int) -> int:
    log = Path(log_file)

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            record = {
                "method": self.command,
                "path": self.path,
                "host": self.headers.get("Host"),
                "secret": self.headers.get("X-Telegram-Bot-Api-Secret-Token"),
                "body": body,
            }
            with log.open("a", encoding="utf-8") as out:
                out.write(json.dumps(record) + "\n")
            status = readyz_status if self.path == "/readyz" else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        do_GET = do_POST = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Path(port_file).write_text(str(server.server_address[1]), encoding="utf-8")
    threading.Timer(120, server.shutdown).start()
    server.serve_forever()
    return 0


def expect(method: str, url: str, status: int, headers: list[str]) -> int:
    request = urllib.request.Request(url, method=method)
    for header in headers:
        name, _, value = header.partition(":")
        request.add_header(name.strip(), value.strip())
    if method == "POST":
        request.data = b'{"update_id": 1}'
        request.add_header("Content-Type", "application/json")
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            got = response.status
    except urllib.error.HTTPError as error:
        got = error.code
    except OSError as error:
        print(f"{method} {url}: {error}", file=sys.stderr)
        return 1
    if got != status:
        print(f"{method} {url}: status {got}, expected {status}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "stub":
        return stub(argv[1], argv[2], int(argv[3]) if len(argv) > 3 else 200)
    if len(argv) >= 4 and argv[0] == "expect":
        return expect(argv[1], argv[2], int(argv[3]), argv[4:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
