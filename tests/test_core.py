"""The Python API: texts in, a brief whose every citation points at real source text."""

import pytest

from storyline import Article, StorylineError, summarize
from storyline.segment import BEYOND_CAP


@pytest.fixture(scope="module")
def articles(example):
    return [Article(p.name, p.read_text(encoding="utf-8")) for p in sorted(example.iterdir())]


def test_summarize_plain_strings():
    texts = [
        "Kerry met Putin in Sochi on Tuesday for their first talks in two years, officials said. "
        "The two men discussed Ukraine, Syria and the Iran nuclear talks for four hours. "
        "A State Department official said the meeting was frank and at times difficult.",
        "Secretary of State John Kerry held talks with President Vladimir Putin in Sochi on "
        "Tuesday. They discussed the ceasefire in Ukraine and the war in Syria at length. "
        "Kremlin spokesman Dmitry Peskov called the visit extremely positive for both sides.",
    ]
    brief = summarize(texts, words=40)
    assert 0 < brief.words <= 40
    assert brief.text.startswith(brief.sentences[0].text)
    assert brief.sentences[0].citations[0].document in {"doc-1", "doc-2"}


def test_every_citation_span_is_source_text(articles):
    brief = summarize(articles)
    texts = {a.id: a.text for a in articles}
    for s in brief.sentences:
        exact = [c for c in s.citations if c.exact]
        assert len(exact) == 1 and s.citations[0] is exact[0]
        assert texts[exact[0].document][exact[0].start : exact[0].end] == s.original
        for c in s.citations[1:]:
            assert c.document != exact[0].document
            assert 0 <= c.start < c.end <= len(texts[c.document])
        assert s.support == len({c.document for c in s.citations})


def test_a_person_named_first_by_surname_is_named_in_full_as_an_edit():
    """ "Fey's show will return ..." naming her first leaves a reader asking who Fey is:
    the brief writes "[Tina Fey]", as the article named her before, and records the edit
    so that the citation still points at the source's own words."""
    texts = [
        "Who is Tina Fey? Fey is the producer and head writer of 30 Rock, which NBC renewed"
        " for a seventh season on Tuesday. The network said the comedy would return in the"
        " autumn with thirteen new episodes.",
        "Is Tina Fey the busiest woman in television? NBC renewed 30 Rock for a seventh season"
        " on Tuesday, the network said. Fey's show will return in the autumn with thirteen new"
        " episodes and a new time slot.",
    ]
    brief = summarize(texts, words=100)
    first = next(s for s in brief.sentences if "Fey" in s.original)  # her first mention
    assert first.text.startswith("[Tina Fey]")
    assert [(e.start, e.end, e.original) for e in first.edits] == [(0, 10, "Fey")]
    cited = first.citations[0]
    assert texts[int(cited.document[-1]) - 1][cited.start : cited.end] == first.original
    assert first.original.startswith("Fey")


def test_a_place_or_a_party_is_not_taken_for_a_person():
    """ "Democrats said" as "Fey said", and "Illinois Democrats" as "Tina Fey"; but
    "Illinois" stands alone too, as no given name does."""
    texts = [
        "On Monday, Illinois Democrats met in Springfield. Democrats voted on Tuesday to back"
        " the new budget of the state, which cuts school funding in Illinois by a tenth.",
        "In Chicago, Illinois Democrats gathered again. Democrats said the budget was the best"
        " the state could afford after three years without one, and the governor signed it.",
    ]
    brief = summarize(texts, words=100)
    assert brief.sentences and not any(s.edits for s in brief.sentences)
    assert not any("[" in s.text for s in brief.sentences)


def test_example_contract(articles):
    brief = summarize(articles, words=250)
    cited = {c.document for s in brief.sentences for c in s.citations}
    assert "article-003.txt" not in cited
    assert len({s.citations[0].document for s in brief.sentences}) >= 3
    assert brief.words <= 250
    flagged = {d.id: d.reason for d in brief.documents if d.flagged}
    assert flagged == {"article-003.txt": "different event"}


def test_nothing_usable_is_an_error():
    with pytest.raises(StorylineError, match="no usable sentence"):
        summarize(["Email Print", "Sort by\nAdd a comment"])
    with pytest.raises(StorylineError, match="empty"):
        summarize(["   "])


def test_unknown_option_is_refused():
    with pytest.raises(TypeError, match="unknown option"):
        summarize(["text"], wrds=100)


def test_a_cluster_over_the_sentence_cap_is_briefed_and_says_which_articles_it_left_out(
    articles,
):
    brief = summarize(articles, words=60, max_sentences=5)
    left_out = [d.id for d in brief.documents if d.reason == BEYOND_CAP]
    assert 1 <= len(left_out) < len(articles)
    cited = {c.document for s in brief.sentences for c in s.citations}
    assert cited and not cited & set(left_out)


def test_short_items_together_get_a_brief_of_their_own_words():
    # three wire items of one event, each shorter than an article
    items = [
        "Flooding closed the main highway into Valencia on Tuesday, police said.",
        "Rescue teams reached villages cut off by the Valencia floods on Tuesday night.",
        "The regional government said the floods had damaged more than 200 homes.",
    ]
    brief = summarize(items, words=100)
    assert brief.sentences and all(s.text in items for s in brief.sentences)
    assert not any(d.flagged for d in brief.documents)


def test_an_ellipsis_style_source_still_gets_a_brief():
    # a gossip site that ends sentences on ellipses, and a page that is only a crawl notice
    style = (
        "The actor who played John Connor is missing... This according to his wife, who "
        "filed a missing person report with police on Monday... She last saw the 32-year-old "
        "actor on May 9, sources say... Police are now searching for him across the city... "
        "Friends said he had been struggling in recent months and had stopped answering calls."
    )
    notice = "Crawl of outlinks from wikipedia.org started March 2016. These files are not public."
    brief = summarize([style, notice], words=60)
    assert brief.sentences and all(s.citations[0].document == "doc-1" for s in brief.sentences)
