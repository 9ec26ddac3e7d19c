"""Write the HTML report of the four decks and take a screenshot of it in headless Chromium.

    .venv/bin/python docs/render_html.py [--html PATH] [--png PATH]

Needs Debian's ``chromium`` package (``apt-get install -y chromium``). The report is written to a
temporary directory unless ``--html`` names a file; the screenshot goes to docs/html-report.png. Chromium
runs with a fresh profile and with every background network feature off: the report itself loads nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
WINDOW = "1400,2000"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def write_report(html: Path) -> None:
    sys.path.insert(0, str(PROJECT))
    from auditor.cli import main

    os.chdir(PROJECT)
    code = main(["check", "--format", "html", "--output", f"html={html}"])
    if code not in (0, 1):  # 1: findings, which the report shows; 2: bad input
        raise SystemExit(f"iij-audit check exited {code}")


def screenshot(html: Path, png: Path) -> None:
    browser = shutil.which("chromium")
    if browser is None:
        raise SystemExit("chromium not found: apt-get install -y chromium")
    with tempfile.TemporaryDirectory(prefix="render-html-profile-") as profile:
        command = [browser, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={png}",
                   f"--window-size={WINDOW}", html.resolve().as_uri()]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not png.exists():
        raise SystemExit(f"chromium failed ({done.returncode}): {done.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, help="where to keep the HTML report (default: a temporary file)")
    parser.add_argument("--png", type=Path, default=PROJECT / "docs" / "html-report.png")
    args = parser.parse_args()
    png = args.png.resolve()
    with tempfile.TemporaryDirectory(prefix="render-html-") as scratch:
        html = (args.html or Path(scratch) / "report.html").resolve()
        write_report(html)
        screenshot(html, png)
    print(f"{png}: {png.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
