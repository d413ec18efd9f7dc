"""`summarize batch --engine ray` on a local Ray (2 CPUs): the same records as the local engine, same resume."""

import json
import os

import pytest

pytest.importorskip("ray", reason="Ray is an optional extra: pip install -e '.[ray]'")

from test_batch import batch, lines, make_archive


def test_ray_engine_gives_the_local_records_and_resumes(tmp_path):
    archive = make_archive(tmp_path / "in", 5)
    (archive / "empty.txt").write_text(" ", encoding="utf-8")
    runs = {}
    for engine in ("local", "ray"):
        env = dict(os.environ, SUMMARIZE_CACHE_DIR=str(tmp_path / f"cache-{engine}"))  # both do the work
        done = batch(str(archive), "--out", str(tmp_path / engine), "--engine", engine, "--workers", "2", env=env)
        assert done.returncode == 1 and "5 digested, 1 failed" in done.stderr, done.stderr
        runs[engine] = {d["id"]: (d["key_points_zh"], d["translation"], d["checks"]) for d in
                        lines(tmp_path / engine / "digests.jsonl")}
    assert runs["ray"] == runs["local"] and len(runs["ray"]) == 5
    failed = [m for m in lines(tmp_path / "ray" / "manifest.jsonl") if m["status"] == "failed"]
    assert len(failed) == 1 and "is empty" in failed[0]["error"]
    again = batch(str(archive), "--out", str(tmp_path / "ray"), "--engine", "ray", "--workers", "2",
                  env=dict(os.environ, SUMMARIZE_CACHE_DIR=str(tmp_path / "cache-ray")))
    assert "0 digested, 1 failed, 5 already done" in again.stderr
    assert "Starting execution of Dataset" not in again.stderr  # --quiet keeps Ray Data's own lines out
    assert len(lines(tmp_path / "ray" / "digests.jsonl")) == 5
    assert json.loads((tmp_path / "ray" / "digests.jsonl").read_text().splitlines()[0])["batch"]["key"]
