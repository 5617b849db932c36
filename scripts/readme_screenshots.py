"""Regenerate the README's screenshots of the explore mode (headless Debian Chromium).

    .venv/bin/python scripts/readme_screenshots.py [--graph out/wildkg.ttl] [--out docs/img]

Writes, from the built graph (or any RDF file):

* ``explore-search.png``: the search box listing matches for a scientific name typed in part;
* ``explore-species.png``: the snow leopard opened from that search, its neighbours around it
  (large relations as groups such as "occurs in (20)"), its panel with relations worded from
  its side;
* ``explore-overview.png``: the whole graph as an aggregate of kinds.

The page is written with explore mode on whatever its size. Any request that leaves the
machine, or any console error, stops the script with an error. Files are written atomically.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from wildkg.build.publish import write_bytes
from wildkg.network.page import load_graph, write_network_page

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def shoot(graph: Path, out: Path, name: str = "Panthera unc") -> list[Path]:
    from playwright.sync_api import sync_playwright

    page_path = Path(tempfile.mkdtemp()) / "explore.html"
    write_network_page(load_graph([graph]), page_path, explore_from=0)
    problems: list[str] = []
    written: list[Path] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 820})

            def route(r: object) -> None:
                url = r.request.url  # type: ignore[attr-defined]
                if url.startswith(("file:", "data:")):
                    r.continue_()  # type: ignore[attr-defined]
                else:
                    problems.append(f"request to {url}")
                    r.abort()  # type: ignore[attr-defined]

            page.route("**/*", route)
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.goto(page_path.as_uri())
            page.wait_for_selector("body[data-drawn='1']", timeout=60_000)
            page.wait_for_timeout(1500)

            def save(file: str) -> None:
                target = out / file
                write_bytes(target, page.screenshot())
                written.append(target)

            save("explore-overview.png")
            page.keyboard.press("/")
            page.keyboard.type(name)
            page.wait_for_selector("#search-results li")
            save("explore-search.png")
            page.keyboard.press("Enter")
            page.wait_for_selector("#panel:not([hidden])")
            page.wait_for_timeout(2500)  # the layout settles, then the view fits
            save("explore-species.png")
        finally:
            browser.close()
    if problems:
        raise SystemExit("screenshots not written cleanly: " + "; ".join(problems))
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--graph", type=Path, default=Path("out/wildkg.ttl"))
    ap.add_argument("--out", type=Path, default=Path("docs/img"))
    ap.add_argument("--search", default="Panthera unc")
    args = ap.parse_args()
    if not args.graph.is_file():
        sys.exit(f"{args.graph}: no such file (run `wildkg build` first)")
    for path in shoot(args.graph, args.out, args.search):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
