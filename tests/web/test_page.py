"""The page, end to end: `storyline serve` in its own process, Debian's Chromium driving it.

A screenshot of the page with a brief is saved to ``artifacts/`` (or $STORYLINE_ARTIFACTS).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FIXTURES = Path(__file__).parents[1] / "fixtures"
ARTIFACTS = Path(os.environ.get("STORYLINE_ARTIFACTS", Path(__file__).parents[2] / "artifacts"))
HOSTILE = (
    "Harbor officials said the fire began in a warehouse near pier nine on Tuesday night. "
    '<script>window.__xss = "script"</script> Crews fought the blaze for six hours. '
    '<img src="x" onerror="window.__xss = \'img\'"> The cause of the fire is not yet known, '
    "the harbor master said, and an inquiry will begin next week. "
) * 3


@pytest.fixture(scope="module")
def server(tmp_path_factory, cli, example, harbor_fire) -> Iterator[str]:
    db = tmp_path_factory.mktemp("page") / "news.db"
    assert cli("ingest", str(example), str(harbor_fire), "--db", str(db)).returncode == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "storyline", "serve", "--port", "0", "--db", str(db)],
        stdout=subprocess.PIPE,
        text=True,
    )
    said = process.stdout.readline().split()  # "serving http://127.0.0.1:PORT/"
    if not said:
        pytest.fail(f"storyline serve exited with code {process.wait()}")
    url = said[-1].rstrip("/")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz").status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("storyline serve did not answer /healthz within 60 s")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


def _open(browser: WebDriver, server: str, width: int = 1280) -> None:
    browser.set_window_size(width, 1000)
    browser.get(server + "/")
    WebDriverWait(browser, 10).until(ready.presence_of_element_located((By.ID, "article-1")))


def _paste(browser: WebDriver, texts: list[str]) -> None:
    while len(browser.find_elements(By.CSS_SELECTOR, "#articles textarea")) < len(texts):
        browser.find_element(By.ID, "add-article").click()
    areas = browser.find_elements(By.CSS_SELECTOR, "#articles textarea")
    for area, text in zip(areas, texts, strict=False):
        # A paste, not keystrokes: set the value as the clipboard would, then tell the page.
        browser.execute_script(
            "arguments[0].value = arguments[1];"
            "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
            area,
            text,
        )


def _make_brief(browser: WebDriver) -> list:
    browser.find_element(By.ID, "make-brief").click()
    WebDriverWait(browser, 60).until(
        lambda d: (
            d.find_elements(By.CSS_SELECTOR, "#brief .sentence")
            or "No brief" in d.find_element(By.ID, "error").text
        )
    )
    return browser.find_elements(By.CSS_SELECTOR, "#brief .sentence")


def _lit(browser: WebDriver) -> list[str]:
    return [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#sources .cited.lit")]


def test_paste_brief_and_hover_a_citation(browser, server, example):
    _open(browser, server)
    _paste(browser, [p.read_text() for p in sorted(example.iterdir())])
    browser.find_element(By.CSS_SELECTOR, "#words option[value='150']").click()
    sentences = _make_brief(browser)
    assert sentences, browser.find_element(By.ID, "status").text
    words = sum(len(s.find_element(By.CLASS_NAME, "sentence-text").text.split()) for s in sentences)
    assert 100 <= words <= 150
    assert len(browser.find_elements(By.CSS_SELECTOR, "#sources .source")) == 5

    first = sentences[0]
    exact = first.find_element(By.CSS_SELECTOR, ".cite.exact")
    heading = browser.find_element(By.CSS_SELECTOR, "#brief h2")
    ActionChains(browser).move_to_element(heading).perform()  # off every sentence
    assert _lit(browser) == []
    ActionChains(browser).move_to_element(exact).perform()
    WebDriverWait(browser, 5).until(lambda d: _lit(d))
    assert " ".join(_lit(browser)) == first.find_element(By.CLASS_NAME, "sentence-text").text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "brief.png"))  # the brief, one citation lit
    ActionChains(browser).move_to_element(heading).perform()
    WebDriverWait(browser, 5).until(lambda d: not _lit(d))


def test_a_hebrew_brief_reads_right_to_left(browser, server, hebrew):
    _open(browser, server)
    _paste(browser, hebrew)
    sentences = _make_brief(browser)
    assert sentences, browser.find_element(By.ID, "status").text
    for sentence in sentences:
        assert (sentence.get_attribute("lang"), sentence.get_attribute("dir")) == ("he", "rtl")
        assert sentence.value_of_css_property("direction") == "rtl"
    texts = browser.find_elements(By.CSS_SELECTOR, "#sources .source-text")
    assert texts and all(t.get_attribute("dir") == "rtl" for t in texts)


def test_insights_list_quotes_with_speakers_that_light_their_sources(browser, server, example):
    _open(browser, server)
    _paste(browser, [p.read_text() for p in sorted(example.iterdir())])
    browser.find_element(By.ID, "insights").click()
    assert _make_brief(browser)
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "#brief h3")]
    assert headings == ["Quotes", "People and organisations", "Timeline", "Disagreements"]
    quotes, _people, timeline = browser.find_elements(By.CSS_SELECTOR, "#brief ul.insights")
    assert len(quotes.find_elements(By.TAG_NAME, "li")) == 8  # as many as the JSON says
    notes = [p.text for p in browser.find_elements(By.CSS_SELECTOR, "#brief p.none")]
    assert any(n.endswith("more (every quote is in the JSON)") for n in notes)
    story = timeline.find_elements(By.TAG_NAME, "li")[-1]  # undated articles: the story last
    assert story.text.startswith("this story, no date given: ")
    quote = next(
        li
        for li in browser.find_elements(By.CSS_SELECTOR, "#brief ul.insights li")
        if "purposefully unfriendly" in li.text or "targeted unfriendly" in li.text
    )
    assert quote.text.startswith("Russian Foreign Ministry: “")
    assert len(quote.find_elements(By.CSS_SELECTOR, ".cite")) >= 2  # two sources, one statement
    ActionChains(browser).move_to_element(quote.find_element(By.CSS_SELECTOR, ".cite")).perform()
    WebDriverWait(browser, 5).until(lambda d: any("unfriendly" in t for t in _lit(d)))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", quote)
    browser.save_screenshot(str(ARTIFACTS / "insights.png"))


def test_a_french_brief_lists_its_quotes_and_says_what_it_cannot_read(browser, server):
    french = json.loads((FIXTURES / "languages" / "fr.json").read_text(encoding="utf-8"))
    _open(browser, server)
    _paste(browser, french)
    browser.find_element(By.ID, "insights").click()
    assert _make_brief(browser)
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "#brief h3")]
    assert headings == ["Quotes", "Other insights"]
    quotes = browser.find_elements(By.CSS_SELECTOR, "#brief ul.insights li")
    assert any(q.text.startswith("Pierre Delmas: “Ce groupe") for q in quotes)
    notes = [p.text for p in browser.find_elements(By.CSS_SELECTOR, "#brief p.none")]
    assert notes[-1].endswith("not available for French (they read English)")


def test_citations_work_from_the_keyboard(browser, server, example):
    _open(browser, server)
    _paste(browser, [p.read_text() for p in sorted(example.iterdir())[:3]])
    assert _make_brief(browser)
    body = browser.find_element(By.TAG_NAME, "body")
    for _ in range(60):  # tab through the page until a citation has the focus
        body.send_keys("\ue004")  # Tab
        focused = browser.switch_to.active_element
        if "cite" in (focused.get_attribute("class") or ""):
            break
    else:
        pytest.fail("no citation button is reachable with Tab")
    WebDriverWait(browser, 5).until(lambda d: _lit(d))


def test_article_markup_shows_as_text_and_runs_nothing(browser, server, harbor_fire):
    _open(browser, server)
    texts = [HOSTILE] + [p.read_text() for p in sorted(harbor_fire.iterdir())[:2]]
    _paste(browser, texts)
    assert _make_brief(browser)
    assert browser.execute_script("return window.__xss") is None
    sources = browser.find_element(By.ID, "sources")
    assert "<script>window.__xss" in sources.text
    assert '<img src="x" onerror=' in sources.text
    assert not browser.find_elements(By.CSS_SELECTOR, "#result img, #result script")


def test_flagged_document_says_why(browser, server, example):
    _open(browser, server)
    menu = "Home\nWorld\nSports\nWeather\nSign in\nSubscribe\n" * 5
    _paste(browser, [p.read_text() for p in sorted(example.iterdir())[:2]] + [menu])
    assert _make_brief(browser)
    flag = browser.find_element(By.CSS_SELECTOR, "#sources .source.flagged .flag")
    assert flag.text.startswith("Left out: ")
    status = browser.find_element(By.ID, "status").text
    assert status.startswith("Brief of ") and "from 2 of 3 documents; 1 set aside (" in status


def test_an_error_stands_out_as_an_alert(browser, server):
    _open(browser, server)
    _paste(browser, ["Email Print\nSort by\nAdd a comment"])
    assert not _make_brief(browser)
    error = browser.find_element(By.ID, "error")
    assert error.get_attribute("role") == "alert" and error.is_displayed()
    assert error.text.startswith("No brief: ") and "no usable sentence" in error.text
    assert error.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
    assert browser.find_element(By.ID, "make-brief").text == "Make the brief"  # ready again


def test_readable_at_phone_width(browser, server, example):
    _open(browser, server, width=390)
    _paste(browser, [p.read_text() for p in sorted(example.iterdir())[:2]])
    assert _make_brief(browser)
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    brief = browser.find_element(By.ID, "brief").rect
    sources = browser.find_element(By.ID, "sources").rect
    assert sources["y"] >= brief["y"] + brief["height"]  # one column: sources below


def test_stories_tab_lists_the_store_and_opens_a_brief(browser, server):
    _open(browser, server)
    browser.find_element(By.ID, "tab-stories").click()
    WebDriverWait(browser, 10).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#story-list .story")) == 2
    )
    fire = next(
        e
        for e in browser.find_elements(By.CSS_SELECTOR, "#story-list .story")
        if "3 articles" in e.text
    )
    fire.click()
    WebDriverWait(browser, 60).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#story-brief .sentence")
    )
    assert "harbor" in browser.find_element(By.ID, "story-brief").text.lower()


def test_api_docs_work_offline(browser, server):
    """/docs and /redoc draw the API from scripts the server itself serves (no CDN: a user
    may be offline), despite the page's strict content policy."""
    browser.get(server + "/docs")
    WebDriverWait(browser, 20).until(
        ready.presence_of_element_located((By.CSS_SELECTOR, ".swagger-ui .opblock-summary-path"))
    )
    paths = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")]
    assert "/v1/briefs" in "".join(paths)
    sources = browser.execute_script(
        "return [...document.scripts, ...document.querySelectorAll('link')]"
        ".map(e => e.src || e.href).filter(Boolean)"
    )
    assert sources and all(s.startswith(server) for s in sources)
    browser.get(server + "/redoc")
    WebDriverWait(browser, 20).until(
        ready.presence_of_element_located((By.CSS_SELECTOR, "[data-section-id]"))
    )
