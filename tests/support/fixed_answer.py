"""An HTTP server on a loopback port that gives every GET the same answer.

For what the simulator does not say: an API gateway's {"error": ...} object, a 400 whose text
carries terminal escape sequences, a call list with a name that does.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType


class FixedAnswerServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, body: bytes, *, status: int = 200, content_type: str = "application/json"
    ) -> None:
        self.body = body
        self.status = status
        self.content_type = content_type
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(outer.status)
                self.send_header("Content-Type", outer.content_type)
                self.send_header("Content-Length", str(len(outer.body)))
                self.end_headers()
                self.wfile.write(outer.body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # the request line carries the token

        super().__init__(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05})

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> FixedAnswerServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(5)
