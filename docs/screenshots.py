"""Remake the README's pictures: the page (desktop and phone width) and the terminal view.

    python docs/screenshots.py          # needs chromium, chromedriver and selenium (.[test])

Serves the bundled example on 127.0.0.1, pastes its articles into the page as a user
would, makes a brief and photographs it; the terminal view is what ``storyline
summarize`` draws on a terminal, saved as SVG by rich.
"""

from __future__ import annotations

import io
import subprocess
import sys
import time
from pathlib import Path

import httpx
from rich.console import Console
from rich.markdown import Markdown
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

from storyline import summarize
from storyline.ingest import read_inputs
from storyline.options import DEFAULTS
from storyline.render import render

DOCS = Path(__file__).parent
EXAMPLE = DOCS.parent / "examples" / "kerry-putin-sochi-2015"


def main() -> None:
    terminal()
    process = subprocess.Popen(
        [sys.executable, "-m", "storyline", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    url = process.stdout.readline().split()[-1].rstrip("/")  # "serving http://.../"
    try:
        _wait_for(url)
        page(url)
    finally:
        process.terminate()
        process.wait(timeout=10)


def terminal() -> None:
    """``storyline summarize EXAMPLE --words 150`` as a 100-column terminal shows it."""
    (cluster,) = read_inputs([str(EXAMPLE)], DEFAULTS)
    brief = summarize(cluster, words=150)
    console = Console(file=io.StringIO(), width=100, record=True)
    console.print(f"$ storyline summarize {EXAMPLE.relative_to(DOCS.parent)}/ --words 150\n")
    console.print(Markdown(render(brief, "markdown")))
    console.save_svg(str(DOCS / "terminal.svg"), title="storyline summarize")


def page(url: str) -> None:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(flag)
    browser = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    try:
        for name, width, height in (
            ("page-desktop.png", 1280, 1400),
            ("page-phone.png", 390, 2200),
        ):
            browser.set_window_size(width, height)
            browser.get(url + "/")
            _brief(browser)
            browser.save_screenshot(str(DOCS / name))
    finally:
        browser.quit()


def _brief(browser: webdriver.Chrome) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))]
    while len(browser.find_elements(By.CSS_SELECTOR, "#articles textarea")) < len(texts):
        browser.find_element(By.ID, "add-article").click()
    areas = browser.find_elements(By.CSS_SELECTOR, "#articles textarea")
    for area, text in zip(areas, texts, strict=True):
        browser.execute_script(
            "arguments[0].value = arguments[1];"
            "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
            area,
            text,
        )
    browser.find_element(By.CSS_SELECTOR, "#words option[value='150']").click()
    browser.find_element(By.ID, "make-brief").click()
    WebDriverWait(browser, 60).until(
        ready.presence_of_element_located((By.CSS_SELECTOR, "#brief .sentence"))
    )
    browser.find_element(By.CSS_SELECTOR, "#brief .cite").click()  # light its source
    browser.execute_script("document.getElementById('result').scrollIntoView()")


def _wait_for(url: str) -> None:
    for _ in range(300):
        try:
            if httpx.get(f"{url}/healthz").status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("storyline serve did not answer")


if __name__ == "__main__":
    main()
