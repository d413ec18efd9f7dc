"""A small OpenAI-compatible chat server for the tests (no network, no model): it answers like the scripted
engine, streams server-sent events word by word, reports llama-server's ``timings``, counts the requests in
flight, and records every request body. Run as a program it poses as ``llama-server`` (``--port``, ``--alias``)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from fake_llm import ScriptedEngine


class FakeServer:
    def __init__(self, model: str = "fake-model", delay: float = 0.0, fail_status: int = 0, port: int = 0,
                 **script) -> None:
        self.model, self.delay, self.fail_status = model, delay, fail_status
        self.script = ScriptedEngine(**script)
        self.bodies: list[dict] = []
        self.in_flight = self.most_in_flight = 0
        self.closed_early = 0  # streams the client closed before the end (a cancelled request)
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> FakeServer:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                if self.path == "/health":
                    self._json({"status": "ok"})
                elif self.path == "/v1/models":
                    self._json({"object": "list", "data": [{"id": server.model, "object": "model"}]})
                else:
                    self._json({"error": "not found"}, 404)

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if self.path == "/tokenize":
                    self._json({"tokens": list(range(len(body["content"])))})
                elif self.path == "/v1/chat/completions":
                    server.chat(self, body)
                else:
                    self._json({"error": "not found"}, 404)

            def _json(self, data: dict, status: int = 200) -> None:
                payload = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        return Handler

    def chat(self, handler: BaseHTTPRequestHandler, body: dict) -> None:
        with self._lock:
            self.bodies.append(body)
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if self.fail_status:
                handler._json({"error": {"message": "the model is not loaded"}}, self.fail_status)
                return
            self._stream(handler, body)
        except (BrokenPipeError, ConnectionResetError):
            self.closed_early += 1
        finally:
            with self._lock:
                self.in_flight -= 1

    def _stream(self, handler: BaseHTTPRequestHandler, body: dict) -> None:
        user = body["messages"][-1]["content"]
        answer = self.script.answer(user)
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.send_header("Connection", "close")
        handler.end_headers()
        for word in answer.split(" "):
            time.sleep(self.delay)
            self._event(handler, {"choices": [{"index": 0, "delta": {"content": word + " "}}]})
        self._event(handler, {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        prompt = sum(len(m["content"]) for m in body["messages"])
        self._event(handler, {"choices": [], "usage": {"prompt_tokens": prompt, "completion_tokens": len(answer)},
                              "timings": {"prompt_n": prompt - 10, "cache_n": 10, "predicted_n": len(answer)}})
        handler.wfile.write(b"data: [DONE]\n\n")
        handler.wfile.flush()
        handler.close_connection = True

    @staticmethod
    def _event(handler: BaseHTTPRequestHandler, data: dict) -> None:
        handler.wfile.write(f"data: {json.dumps(data, ensure_ascii=False)}\n\n".encode())
        handler.wfile.flush()


def main() -> None:
    """Pose as llama-server: serve on ``--port`` until terminated; ``--alias`` is the model id."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--alias", default="fake-model")
    args, _ = parser.parse_known_args()
    if os.environ.get("FAKE_LLAMA_STARTS"):  # one line per server started, for the tests that count them
        with open(os.environ["FAKE_LLAMA_STARTS"], "a") as starts:
            starts.write(f"{os.getpid()}\n")
    FakeServer(model=args.alias, port=args.port).httpd.serve_forever()


if __name__ == "__main__":
    main()
