"""Every error a user can meet, each with what went wrong and what to do next.

The CLI prints ``str(error)`` on one line and exits with ``error.exit_code``; no traceback unless
``--debug``. Library users catch :class:`SummarizeError`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class SummarizeError(Exception):
    """Base class: ``message`` says what was wrong, ``hint`` what to do about it."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        self.message = message
        self.hint = hint
        super().__init__(f"{message}; {hint}" if hint else message)


class InputError(SummarizeError):
    """The article could not be read or is not something we can digest."""

    exit_code = 2


class ConfigError(SummarizeError):
    """A model card or an option is invalid."""

    exit_code = 2


class UnknownModelError(ConfigError):
    def __init__(self, name: str, available: Iterable[str], kind: str = "model card") -> None:
        choices = sorted(available)
        close = difflib.get_close_matches(name, choices, n=3, cutoff=0.5)
        hint = f"did you mean {', '.join(repr(c) for c in close)}? " if close else ""
        hint += f"available: {', '.join(choices)} (see `summarize models list`)"
        super().__init__(f"unknown {kind} {name!r}", hint)


class ModelNotFoundError(SummarizeError):
    """A card's weights are not on this machine."""

    exit_code = 3

    def __init__(self, card: str, looked: Iterable[str], how: str) -> None:
        where = ", ".join(str(p) for p in looked)
        super().__init__(f"model for card {card!r} not found locally (looked in: {where})", how)


class BackendUnavailableError(SummarizeError):
    """A backend needs an optional dependency that is not installed."""

    exit_code = 3

    def __init__(self, backend: str, missing: str, install: str) -> None:
        kind = "the program" if missing == "llama-server" else "the Python package"
        super().__init__(f"backend {backend!r} needs {kind} {missing!r}, which is not installed",
                         f"install it with `{install}`")


class ModelError(SummarizeError):
    """A model failed while running (bad output, out of memory, ...)."""

    exit_code = 4


class Cancelled(SummarizeError):
    """The request was cancelled (a time limit, or the visitor left) and the work stopped."""

    exit_code = 4


def describe(exc: BaseException) -> str:
    """One line for any failure, as every front shows it: the error's own message, or what broke."""
    if isinstance(exc, SummarizeError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "out of memory while digesting this input; try a shorter article or a larger machine"
    return f"internal error: {type(exc).__name__}: {exc}".rstrip(": ")
