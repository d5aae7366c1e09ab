"""Grouping articles into stories: the API and `storyline cluster`."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from storyline import DEFAULTS
from storyline.ingest.read import read_articles
from storyline.stories import group, group_articles, headline, profiles


@pytest.fixture(scope="module")
def mixed(example, harbor_fire):
    """The Kerry example and three articles about a harbor fire, interleaved."""
    kerry = list(read_articles([str(example)], DEFAULTS))
    fire = list(read_articles([str(harbor_fire)], DEFAULTS))
    return [a for pair in zip(kerry, fire + [None] * 2, strict=True) for a in pair if a]


def test_two_events_become_two_stories(mixed):
    stories = group_articles(mixed, profiles(mixed))
    names = sorted(sorted(a.id for a in story) for story in stories)
    fire = ["one.txt", "three.txt", "two.txt"]
    assert fire in names
    assert sorted(a.id for story in stories for a in story) == sorted(a.id for a in mixed)
    kerry_ids = {a.id for a in mixed} - set(fire)
    assert all(set(s) <= kerry_ids or set(s) <= set(fire) for s in names)
    assert max(len(s) for s in names) >= 4  # the Kerry articles hold together


def test_far_apart_in_time_the_same_words_need_more(mixed):
    pair = [a for a in mixed if a.id in ("article-001.txt", "article-002.txt")]
    close = [replace(pair[0], date="2015-05-12"), replace(pair[1], date="2015-05-13")]
    far = [replace(pair[0], date="2015-05-12"), replace(pair[1], date="2019-05-13")]
    assert len(set(group(profiles(close)))) == 1
    assert len(set(group(profiles(far)))) == 2


def test_headline_is_the_first_title_else_the_opening_words(mixed):
    assert headline(mixed[:1]) == mixed[0].title
    untitled = replace(mixed[0], title=None, text="A " * 40)
    assert headline([untitled]).endswith("…")


def test_cluster_command_puts_every_article_in_one_story(cli, example, harbor_fire, tmp_path):
    out = tmp_path / "stories.jsonl"
    done = cli("cluster", str(example), str(harbor_fire), "--out", str(out))
    assert done.returncode == 0, done.stderr.decode()
    assert b"no date" in done.stderr  # said once, not an error
    stories = [json.loads(line) for line in out.read_text().splitlines()]
    ids = [a for s in stories for a in s["articles"]]
    assert len(ids) == len(set(ids)) == 8
    # the same record as `storyline stories` gives for a stored story (undated: null dates)
    assert set(stories[0]) == {"id", "headline", "articles", "sources", "first", "last"}
    assert stories[0]["first"] is None
    assert all("brief" not in s for s in stories)


def test_cluster_command_with_briefs(cli, harbor_fire, tmp_path):
    lines = [
        json.dumps(
            {
                "id": f"fire-{n}",
                "text": path.read_text(),
                "source": f"outlet {n}",
                "published": f"2024-03-0{n + 1}T10:00:00Z",
            }
        )
        for n, path in enumerate(sorted(harbor_fire.iterdir()))
    ]
    articles = tmp_path / "articles.jsonl"
    articles.write_text("\n".join(lines) + "\n{broken\n")
    done = cli("cluster", str(articles), "--brief", "--words", "60")
    assert done.returncode == 1  # the broken line is reported; the rest still grouped
    assert b"line 4: malformed JSON" in done.stderr
    (story,) = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert story["sources"] == 3
    assert (story["first"], story["last"]) == (
        "2024-03-01T10:00:00+00:00",
        "2024-03-03T10:00:00+00:00",
    )
    assert story["brief"]["words"] <= 60
    assert "Port Allison" in story["brief"]["text"]


def test_a_page_that_is_not_an_article_is_in_no_story(cli, example, harbor_fire, tmp_path):
    """A scraped page of furniture (a tweet box, a crawl note) is set aside, said, and
    grouped nowhere, by `cluster` and `ingest` alike, as `summarize` sets it aside."""
    page = tmp_path / "page.txt"
    page.write_text(
        "\n".join(
            [
                "Skip to main content",
                "Home | World | Politics | Business | Technology | Science | Health | Sports",
                "Sign in | Subscribe for full access",
                "We use cookies to improve your experience on our site. By continuing to browse"
                " you agree to our Privacy Policy and Terms of Service.",
                "Share this article on Facebook, on Twitter or by email",
                "Advertisement",
                "Most read stories this week",
                "Watch: the latest videos from our newsroom",
                "Sign up for our daily newsletter and get the top stories in your inbox",
                "Follow us on Instagram, Facebook and LinkedIn",
                "Comments (12) | Sort by newest | Report abuse",
                "© 2018 Example Media Group. All rights reserved.",
                "Continue reading the main story",
                "Terms of use | Privacy | Contact us | Careers | Help",
            ]
        )
    )
    done = cli("cluster", str(example), str(harbor_fire), str(page))
    assert done.returncode == 0, done.stderr.decode()
    grouped = [a for line in done.stdout.splitlines() for a in json.loads(line)["articles"]]
    assert "page.txt" not in grouped and len(grouped) == 8
    assert b"page.txt: not an article (too little article text); in no story" in done.stderr
    stored = cli("ingest", str(page), str(harbor_fire), "--db", str(tmp_path / "s.db"))
    assert b"3 articles stored" in stored.stdout
    assert b"page.txt: not an article (too little article text); not stored" in stored.stderr


def test_copies_change_no_story(twenty_languages):
    """Copies of half the articles (the same words under other names, as a store keeps
    once) join their originals and move no other article: the stories of the twenty-language
    pool are the same with them as without (before, 36 stories became 43)."""
    from storyline import Article
    from storyline.stories import profile_all

    articles = twenty_languages
    copies = [Article(f"{a.id}-copy", a.text) for a in articles[::2]]
    alone = group(profile_all(articles, DEFAULTS), DEFAULTS)
    both = group(profile_all(articles + copies, DEFAULTS), DEFAULTS)

    def stories(labels: list[int]) -> set[frozenset[str]]:
        found: dict[int, set[str]] = {}
        for article, label in zip(articles, labels, strict=False):
            found.setdefault(label, set()).add(article.id)
        return {frozenset(ids) for ids in found.values()}

    assert stories(both[: len(articles)]) == stories(alone)
    story = dict(zip([a.id for a in articles + copies], both, strict=True))
    assert all(story[c.id] == story[c.id.removesuffix("-copy")] for c in copies)
