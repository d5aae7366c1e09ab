"""Insights: quotes and speakers against hand labels, entities, timeline, disagreements."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest

from storyline import Article, summarize
from storyline.insights import quotes_in
from storyline.insights.score import load_labels, score_quotes
from storyline.insights.timeline import resolve
from storyline.render import render

LABELS = sorted((Path(__file__).parents[1] / "fixtures" / "insights").glob("*.json"))


@pytest.fixture(scope="module")
def example_brief(example):
    articles = [Article(p.name, p.read_text()) for p in sorted(example.iterdir())]
    return summarize(articles, insights=True)


def test_quote_speakers_match_the_hand_labels():
    """Six labelled clusters (the example and five Multi-News dev excerpts): precision at
    least 0.9 and recall at least 0.8 over every labelled quote, and no cluster far off."""
    right = found = labelled = 0
    for path in LABELS:
        articles, labels = load_labels(path)
        score = score_quotes(quotes_in(articles), articles, labels)
        assert score.recall >= 0.6, (path.stem, score.wrong)
        right, found, labelled = right + score.right, found + score.found, labelled + score.labelled
    assert len(LABELS) >= 6 and labelled >= 100
    assert right / found >= 0.9 and right / labelled >= 0.8


def test_two_translations_of_one_statement_are_one_quote(example_brief):
    quote = next(q for q in example_brief.insights.quotes if "unfriendly actions" in q.text)
    assert quote.speaker == "Russian Foreign Ministry"
    assert {c.document for c in quote.citations} >= {"article-000.txt", "article-001.txt"}
    texts = {a.id: a.text for a in example_brief.articles}
    renderings = [texts[c.document][c.start : c.end] for c in quote.citations]
    assert any("targeted unfriendly" in r for r in renderings)
    assert any("purposefully unfriendly" in r for r in renderings)


def test_the_off_event_article_gives_no_insight(example_brief):
    flagged = {d.id for d in example_brief.documents if d.flagged}
    assert flagged == {"article-003.txt"}
    cited = {c.document for q in example_brief.insights.quotes for c in q.citations}
    assert cited and not cited & flagged
    assert all(not set(e.documents) & flagged for e in example_brief.insights.entities)


def test_entities_gather_every_form_of_a_name(example_brief):
    entities = {e.name: e for e in example_brief.insights.entities}
    assert entities["John Kerry"].sources == 4 and entities["Vladimir Putin"].kind == "person"
    assert "Kerry" not in entities and "Putin" not in entities
    # two spellings of one man, an acronym and its full name: one entry each
    assert "Dmitry Peskov" in entities and "Dmitri Peskov" not in entities
    assert "European Union" in entities and "EU" not in entities
    # tagged an organisation in all seven mentions, written as a place in one
    # ("the Ukrainian peninsula of Crimea"): neither a person nor an organisation
    assert "Crimea" not in entities and entities["NATO"].kind == "organisation"
    speakers = {q.speaker for q in example_brief.insights.quotes}
    assert "Dmitry Peskov" in speakers and "Dmitri Peskov" not in speakers


def test_the_most_telling_quotes_come_first_and_a_readers_view_shows_eight(example_brief):
    quotes = example_brief.insights.quotes
    assert len(quotes) > 20  # the wall a reader was shown before
    assert quotes[0].sources >= 3 and quotes[0].speaker == "Russian Foreign Ministry"
    assert all(a.sources >= b.sources for a, b in pairwise(quotes))
    markdown = render(example_brief, "markdown")
    shown = markdown.split("**Quotes**")[1].split("**People")[0]
    assert shown.count("\n- ") == 9  # eight quotes and the line saying how many more
    assert f"… and {len(quotes) - 8} more (every quote is in the JSON)" in shown
    assert len(json.loads(render(example_brief, "json"))["insights"]["quotes"]) == len(quotes)


@pytest.mark.parametrize(
    ("words", "future", "expected"),
    [
        ("Tuesday", False, "2015-05-12"),  # the article's own day
        ("Monday", False, "2015-05-11"),
        ("Friday", True, "2015-05-15"),  # "will meet on Friday"
        ("last month", False, "2015-04"),
        ("May 2013", False, "2013-05"),
        ("2014", False, "2014"),
    ],
)
def test_relative_dates_resolve_against_the_article_date(words, future, expected):
    from datetime import date

    assert resolve(words, date(2015, 5, 12), future) == expected


def test_without_an_article_date_only_dates_with_a_year_count():
    assert resolve("Tuesday", None, False) is None
    assert resolve("February 2014", None, False) == "2014-02"


def _pair(first: str, second: str, date: str | None = "2020-03-03") -> list[Article]:
    lead = "Rescue teams searched the collapsed buildings in the northern city through the night. "
    tail = (
        " Officials said more aid was on the way to the region. Schools in the area stay closed"
        " while engineers check every building for damage, and roads into the valley reopened."
    )
    return [
        Article("a", lead + first + tail, date=date),
        Article("b", lead + second + tail, date=date),
    ]


def test_different_figures_for_the_same_thing_are_a_disagreement():
    brief = summarize(
        _pair(
            "The earthquake on Monday killed 12 people and injured dozens, the governor said.",
            "The earthquake on Monday killed 14 people and injured dozens, the governor said.",
        ),
        insights=True,
    )
    (disagreement,) = brief.insights.disagreements
    assert disagreement.about == "people killed"
    assert {(c.value, c.citation.document) for c in disagreement.claims} == {
        ("killed 12 people", "a"),
        ("killed 14 people", "b"),
    }
    (event,) = [e for e in brief.insights.timeline if e.when == "Monday"]
    assert event.date == "2020-03-02" and len(event.citations) == 2


@pytest.mark.parametrize(
    "second",
    [
        "The earthquake on Monday killed twelve people and injured dozens, the governor said.",
        "Twelve people were killed by the earthquake on Monday, the governor said.",
        "The earthquake on Monday killed about 13 people and injured dozens, the governor said.",
    ],
)
def test_rephrasings_and_hedged_figures_are_no_disagreement(second):
    first = "The earthquake on Monday killed 12 people and injured dozens, the governor said."
    assert summarize(_pair(first, second), insights=True).insights.disagreements == ()


def test_a_cluster_without_quotes_dates_or_names_has_empty_sections():
    text = (
        "the water in the old canal rose slowly after days of rain and covered the towpath. "
        "walkers turned back at the lock because the path was under water for a long way. "
        "the level is expected to fall again once the rain stops and the sluices are opened. "
    )
    brief = summarize([text, text.replace("walkers", "cyclists")], insights=True)
    assert brief.insights.quotes == () and brief.insights.timeline == ()
    assert brief.insights.entities == () and brief.insights.disagreements == ()
    markdown = render(brief, "markdown")
    assert markdown.count("- none found") == 4
    assert json.loads(render(brief, "json"))["insights"]["quotes"] == []


def test_sources_that_put_one_event_on_different_days_disagree():
    said = "The earthquake struck the northern city {} and killed 12 people, the governor said."
    brief = summarize(
        _pair(said.format("on Monday"), said.format("on Sunday"), date="2020-03-04"),
        insights=True,
    )
    (disagreement,) = brief.insights.disagreements
    assert disagreement.about == "day"
    assert [c.value for c in disagreement.claims] == [
        "on Monday (2020-03-02)",
        "on Sunday (2020-03-01)",
    ]
    same_day = _pair(said.format("on Monday"), said.format("on March 2"), date="2020-03-04")
    assert summarize(same_day, insights=True).insights.disagreements == ()


def test_wire_copy_quotes_are_quotes():
    """DUC-era wire copy quotes ``like this'': the quote and its speaker are found, without
    its marks."""
    text = (
        "Swissair ``did everything correctly'' in installing the system, its chief said. "
        "``We have nothing to hide from the investigators,'' Jeffrey Katz told reporters."
    )
    (quote,) = quotes_in([Article("a", text)])
    assert quote.text == "We have nothing to hide from the investigators"
    assert quote.speaker == "Jeffrey Katz"
    assert text[quote.citations[0].start : quote.citations[0].end] == quote.text


def test_a_quote_keeps_an_apostrophe_ending_its_last_word():
    """Only the mark that closes a quote is taken off it: "... the players'" keeps the
    possessive apostrophe a wire quote's closing marks would have stripped."""
    text = 'Jan Ford said the league would "always stand behind its players\'" in the dispute.'
    (quote,) = quotes_in([Article("a", text)])
    assert quote.text == "always stand behind its players'"


def test_a_year_on_the_timeline_is_not_said_twice(example_brief):
    timeline = render(example_brief, "markdown").split("**Timeline**")[1].split("**Disagree")[0]
    assert "- 1998: " in timeline and "1998 (1998)" not in timeline
    assert "- 2013-05 (May 2013): " in timeline  # the words, when they say more


def test_the_story_itself_is_on_the_timeline(example_brief):
    """The example's undated articles: background years first, the story's own event (the
    brief's lead) last, said to have no date rather than given a made-up one."""
    timeline = example_brief.insights.timeline
    (story,) = [e for e in timeline if e.story]
    assert story is timeline[-1] and story.date is None
    assert story.text == example_brief.sentences[0].text
    shown = render(example_brief, "markdown").split("**Timeline**")[1]
    assert f"- this story, no date given: {story.text}" in shown
    # two sources telling of Kerry's May 2013 visit in other words: one event
    assert [e.date for e in timeline].count("2013-05") == 1


def test_a_dated_story_is_placed_by_its_publication():
    articles = _pair(
        "The earthquake killed 12 people, the governor said.",
        "The earthquake killed twelve people, the governor said.",
        date="2020-03-03",
    )
    articles.append(Article("c", articles[0].text.replace("12", "9"), date="2020-03-05"))
    brief = summarize(articles, insights=True)
    (story,) = [e for e in brief.insights.timeline if e.story]
    assert story.date == "2020-03-03" and story.text == brief.sentences[0].text
    label = json.loads(render(brief, "json"))["insights"]["timeline"][-1]["label"]
    assert label == "2020-03-03, this story"


def test_two_sources_telling_the_same_quakes_give_each_quake_once():
    """The same two quakes, told by two sources in their own words: one timeline entry
    per quake (and the story's own), not one per source."""
    first = (
        "A magnitude 6.4 earthquake struck Elazig province in eastern Turkey on Monday, "
        "killing 12 people and injuring dozens, officials said. Rescue teams searched the "
        "collapsed buildings of Elazig through the night. A second quake of magnitude 5.1 "
        "shook Malatya on Wednesday, damaging several old houses but hurting nobody."
    )
    second = (
        "On Monday a powerful quake hit Elazig in eastern Turkey and killed at least 12, "
        "the disaster agency said, while schools across the province stayed closed. "
        "Aftershocks went on for hours. On Wednesday a smaller tremor rattled Malatya, where "
        "some old houses were damaged and residents spent the night outside."
    )
    articles = [Article("a", first, date="2020-01-29"), Article("b", second, date="2020-01-29")]
    timeline = summarize(articles, insights=True).insights.timeline
    assert [e.date for e in timeline] == ["2020-01-27", "2020-01-29"], timeline
    assert all(len({c.document for c in e.citations}) == 2 for e in timeline)
