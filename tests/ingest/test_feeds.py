"""RSS/Atom feeds served by a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from storyline import DEFAULTS, StorylineError
from storyline.errors import StorylineNotice
from storyline.ingest.read import read_articles


def _rss(site, entries: str) -> str:
    return site.add(
        "/feed.xml",
        f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor Daily</title>
        {entries}</channel></rss>""",
        content_type="application/rss+xml",
    )


def test_feed_entries_become_articles_teasers_replaced_by_their_page(site, harbor_fire):
    body = (harbor_fire / "one.txt").read_text()
    page = site.add(
        "/fire.html",
        f"<html><head><title>Fire at the harbor</title></head><body><article>"
        f"{''.join(f'<p>{p}</p>' for p in body.split(chr(10)) if p)}</article></body></html>",
    )
    full = (harbor_fire / "two.txt").read_text()
    feed = _rss(
        site,
        f"""<item><title>Blaze under control</title><link>{site.url}/two</link>
        <pubDate>Wed, 13 May 2015 08:00:00 GMT</pubDate><description>{full}</description></item>
        <item><title>Warehouses burn</title><link>{page}</link>
        <description>Teaser.</description></item>
        <item><title>Dead link</title><link>{site.url}/gone</link><description>Short.</description>
        </item>""",
    )
    items = list(read_articles([feed], DEFAULTS))
    articles = [i for i in items if not isinstance(i, StorylineError)]
    notices = [i for i in items if isinstance(i, StorylineNotice)]
    assert [a.title for a in articles] == ["Blaze under control", "Warehouses burn", "Dead link"]
    assert articles[0].date.startswith("2015-05-13T08:00")
    assert all(a.source == "Harbor Daily" for a in articles)
    assert "Firefighters from four counties" in articles[1].text  # fetched from its page
    assert articles[2].text == "Short." and "HTTP 404" in str(notices[0])


def test_a_malformed_or_unreachable_feed_is_one_error_and_others_still_read(site, harbor_fire):
    broken = site.add("/broken.xml", "<rss><channel><item><title>x", content_type="text/xml")
    items = list(read_articles([broken, "http://127.0.0.1:9/feed.xml", str(harbor_fire)], DEFAULTS))
    problems = [str(i) for i in items if isinstance(i, StorylineError)]
    assert "malformed feed" in problems[0]  # then what could be salvaged, or nothing
    assert "unreachable" in problems[-1]
    assert sum(not isinstance(i, StorylineError) for i in items) == 3
