#!/usr/bin/env python3
"""Restore a batch's real PDFs (not committed) from local git mirrors of their repositories.

    python3 tests/firstsight/restore_real.py batch-2 --mirrors /work/.mirror

Each entry of <batch>/real-sources.json names a public repository, a path and a commit; the PDF
is read with `git --git-dir <mirror> show <commit>:<path>` from the mirror whose folder is
`<owner>+<name>` (as the search tool's `fetch` lays them out; `repo/.git` or `repo` inside), and
written to <batch>/real/<slug>.pdf after its sha256 is checked against the listing.  Only data
files are read from the mirrors; nothing in them is built or run.  Standard library only.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def git_dir(mirrors: Path, repo: str) -> Path:
    base = mirrors / repo.replace("/", "+")
    for cand in (base / "repo" / ".git", base / "repo", base):
        if (cand / "HEAD").exists():
            return cand
    raise FileNotFoundError(f"no git mirror of {repo} under {mirrors}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("batch")
    ap.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    args = ap.parse_args()
    bdir = HERE / args.batch
    entries = json.loads((bdir / "real-sources.json").read_text(encoding="utf-8"))
    (bdir / "real").mkdir(exist_ok=True)
    bad = 0
    for e in entries:
        data = subprocess.run(["git", "--git-dir", str(git_dir(args.mirrors, e["repository"])), "show",
                               f"{e['commit']}:{e['path']}"], check=True, capture_output=True).stdout
        digest = hashlib.sha256(data).hexdigest()
        if digest != e["sha256"] or len(data) != e["size"]:
            print(f"{e['slug']}: sha256/size differ from the listing; not written", file=sys.stderr)
            bad += 1
            continue
        (bdir / "real" / f"{e['slug']}.pdf").write_bytes(data)
        print("restored", e["slug"])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
