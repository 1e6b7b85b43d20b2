"""kill -9 at any moment of an import leaves no partial page (issue 14, "Must hold").

An import of many sources is killed with SIGKILL after different delays; every page it left
in the output folder must be a whole page (its generated_hash matches its text), and a
second import afterwards completes and leaves no temporary file behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from safety_month.importer.render import is_hand_edited
from tests import paths

ROOT = paths.ROOT
SEEDS = sorted((ROOT / "sources").glob("*.txt"))


def _sources(folder: Path, copies: int) -> None:
    """Many distinct sources (the seeds with a numbered line each), so an import takes a while."""
    folder.mkdir()
    for i in range(copies):
        for seed in SEEDS:
            text = seed.read_text(encoding="utf-8")
            (folder / f"{seed.stem}-{i:03d}.txt").write_text(f"{text}\n第{i}份副本。\n", encoding="utf-8")


def _import(src: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "safety_month.cli", "import", str(src), "--out", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _pages(out: Path) -> list[Path]:
    return [p for p in out.rglob("*.md")]


def test_sigkill_during_import_leaves_only_whole_pages(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    _sources(src, 12)
    seen_pages = 0
    # Delays counted from the first file the import creates (start-up time varies with the
    # machine's load), so every kill lands while pages are being written.
    for delay in (0.0, 0.05, 0.2, 0.5, 1.0, 2.0):
        shutil.rmtree(out, ignore_errors=True)
        proc = _import(src, out)
        deadline = time.monotonic() + 300
        while proc.poll() is None and time.monotonic() < deadline and not (
                out.exists() and any(p.is_file() for p in out.rglob("*"))):
            time.sleep(0.01)
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        pages = _pages(out)
        seen_pages += len(pages)
        broken = [p.name for p in pages if is_hand_edited(p.read_text(encoding="utf-8"))]
        assert broken == [], f"partial pages after SIGKILL at {delay} s: {broken}"
    # the kills landed while pages were being written (else the test proves nothing)
    assert seen_pages > 0
    # an import after the last kill finishes the job and removes nothing an editor needs
    proc = _import(src, out)
    assert proc.wait(timeout=600) == 0
    # ... and gives the same pages, byte for byte, as an import that was never interrupted
    ref = tmp_path / "ref"
    assert _import(src, ref).wait(timeout=600) == 0
    got = {p.relative_to(out): p.read_bytes() for p in _pages(out)}
    want = {p.relative_to(ref): p.read_bytes() for p in _pages(ref)}
    assert sorted(got) == sorted(want)
    assert [k for k in want if got[k] != want[k]] == []
    # (besides the pages, only the import record: ledger.py)
    assert not [p for p in out.rglob("*") if p.is_file() and p.suffix != ".md" and p.name != ".imported.yml"]
