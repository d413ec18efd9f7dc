"""Runs a program for as long as the process that started it lives (``python -m summarize.llm.watch PID
PROGRAM ARGS…``): a local llama-server stops when its owner exits, however it exits (a SIGTERM or SIGKILL
skips the owner's own clean-up), and when this watcher is told to stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time


def main() -> None:
    owner, args = int(sys.argv[1]), sys.argv[2:]
    child = subprocess.Popen(args)

    def stop(*_: object) -> None:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while child.poll() is None:
        if os.getppid() != owner:  # the owner is gone: this watcher was handed to init
            stop()
        time.sleep(0.5)
    sys.exit(child.returncode)


if __name__ == "__main__":
    main()
