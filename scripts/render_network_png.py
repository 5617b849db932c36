"""Render the network page to a PNG for the README (headless Debian Chromium, Playwright).

    .venv/bin/python scripts/render_network_png.py [--html out/wildkg.html]
        [--png docs/img/network.png] [--select "white-bellied musk deer"] [--width 1400]

Waits for the first drawing and for physics to settle (at most --settle seconds), switches
physics off, fits the view, optionally opens one node's panel through the search box, and
writes the screenshot atomically. No request may leave the machine: any is an error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wildkg.build.publish import atomic_path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def render(html: Path, png: Path, *, select: str | None, width: int, height: int,
           settle_s: float) -> None:
    from playwright.sync_api import sync_playwright

    remote: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height},
                                device_scale_factor=1)

        def route(r: object) -> None:
            url = r.request.url  # type: ignore[attr-defined]
            if url.startswith(("file:", "data:")):
                r.continue_()  # type: ignore[attr-defined]
            else:
                remote.append(url)
                r.abort()  # type: ignore[attr-defined]

        page.route("**/*", route)
        page.goto(html.resolve().as_uri())
        page.wait_for_selector("body[data-drawn='1']", timeout=120_000)
        page.evaluate("""(ms) => new Promise(resolve => {
            if (!network.physics.options.enabled) return resolve();
            network.once('stabilized', resolve);
            setTimeout(resolve, ms);
        })""", settle_s * 1000)
        if page.is_checked("#toggle-physics"):
            page.click("#toggle-physics")
        page.evaluate("() => { network.fit(); network.redraw(); }")
        if select:
            page.fill("#search", select)
            page.click("#search-form button")
            page.evaluate("() => network.fit()")
        page.wait_for_timeout(500)
        with atomic_path(png) as tmp:
            page.screenshot(path=str(tmp), type="png")
        browser.close()
    if remote:
        raise SystemExit(f"the page tried to fetch: {remote}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--html", type=Path, default=Path("out/wildkg.html"))
    ap.add_argument("--png", type=Path, default=Path("docs/img/network.png"))
    ap.add_argument("--select", default=None, help="Open this node's panel (search text).")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=900)
    ap.add_argument("--settle", type=float, default=20.0, help="Max seconds for physics.")
    args = ap.parse_args(argv)
    if not args.html.is_file():
        print(f"{args.html}: missing; run `wildkg build` or `wildkg viz` first", file=sys.stderr)
        return 2
    render(args.html, args.png, select=args.select, width=args.width, height=args.height,
           settle_s=args.settle)
    print(f"wrote {args.png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
