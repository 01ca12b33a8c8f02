"""Render the HTML timeline in a real headless browser and check what a reader would see.

Uses Debian's ``chromium`` (``apt-get install chromium``): ``--dump-dom`` gives the page as the
browser built it (every event link must point at a highlighted sentence that exists), and
``--screenshot`` saves a PNG to look at.

Usage:
    python scripts/check_timeline.py out/timeline.html --png out/timeline.png
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("no chromium found: apt-get install chromium")


def browse(page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as profile:
        cmd = [chromium(), *FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)


def check(page: Path, png: Path | None) -> list[str]:
    dom = browse(page, "--dump-dom").stdout
    links = re.findall(r'class="ev" href="#([^"]+)"', dom)
    ids = set(re.findall(r'id="([^"]+)"', dom))
    problems = [f"link to #{a} has no target in the article" for a in links if a not in ids]
    if not links:
        problems.append("the page shows no event")
    if png:
        browse(page, f"--screenshot={png.resolve()}", "--window-size=1400,900")
        if not png.exists() or png.stat().st_size < 10_000:
            problems.append(f"{png}: the screenshot is missing or blank")
    print(f"{page}: {len(links)} events linked to {len(ids & set(links))} highlighted sentences")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("--png", type=Path)
    args = parser.parse_args()
    problems = check(args.page, args.png)
    for p in problems:
        print("problem:", p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
