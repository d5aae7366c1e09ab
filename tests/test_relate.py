"""Documents about another event, or with no article text, are flagged."""

import numpy as np

from storyline import summarize
from storyline.relate import DIFFERENT_EVENT, NOT_AN_ARTICLE


def test_earlier_visit_is_flagged_as_a_different_event(example):
    texts = [p.read_text(encoding="utf-8") for p in sorted(example.iterdir())]
    brief = summarize(texts)
    reasons = {d.id: d.reason for d in brief.documents}
    assert reasons["doc-4"] == DIFFERENT_EVENT  # article-003: Kerry's 2013 Moscow visit
    assert [d.id for d in brief.documents if d.flagged] == ["doc-4"]


MARATHON = (
    "Kipchumba breaks course record to win Valencia Marathon\n\n"
    "Kenya's Daniel Kipchumba won the Valencia Marathon on Sunday in a course record of two "
    "hours, one minute and 48 seconds. The 26-year-old pulled away from Ethiopia's Tadese "
    "Worku after 35 kilometres and crossed the line 41 seconds clear of the field. Worku "
    "held on for second place, with Spain's Hugo Ruiz a surprise third in a personal best. "
    "Cool weather and a flat course along the seafront helped the leaders keep a fast pace "
    "from the start. Organisers said a record 30,000 runners took part in this year's race. "
    "In the women's race, Uganda's Stella Chesang won her first marathon in two hours and "
    "nineteen minutes. Kipchumba said he would now aim for a place in the Olympic team."
)


def test_a_short_report_of_something_else_is_flagged(example):
    """Too short for its share of echoed sentences to tell, but it shares none of the
    others' sentences and hardly any of their words: a marathon beside Kerry's visit."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(example.iterdir())]
    brief = summarize([*texts, MARATHON])
    assert [d.id for d in brief.documents if d.flagged] == ["doc-4", "doc-6"]
    assert brief.documents[5].reason == DIFFERENT_EVENT


def test_page_noise_is_flagged_not_an_article(example):
    texts = [p.read_text(encoding="utf-8") for p in sorted(example.iterdir())][:2]
    noise = (
        "Tweet with a location\n\nYou can add location information to your Tweets, such as "
        "your city or precise location, from the web and via third-party applications. "
        "Learn more"
    )
    brief = summarize([*texts, noise])
    assert brief.documents[2].flagged and brief.documents[2].reason == NOT_AN_ARTICLE
    assert all(c.document != "doc-3" for s in brief.sentences for c in s.citations)


def test_shipped_salience_model_matches_the_features():
    from storyline.salience import FEATURES, load_model

    model = load_model("salience")
    assert model.coef.shape == (len(FEATURES),)
    scores = model.predict(np.zeros((3, len(FEATURES))))
    assert scores.shape == (3,) and ((scores > 0) & (scores < 1)).all()


def test_hand_weighted_salience_still_briefs(example):
    texts = [p.read_text(encoding="utf-8") for p in sorted(example.iterdir())]
    brief = summarize(texts, salience_model=None)
    assert 150 <= brief.words <= 250


def test_mix_share_blends_model_and_hand_weighted_salience(example):
    texts = [p.read_text(encoding="utf-8") for p in sorted(example.iterdir())]

    def chosen(**options: object) -> list[str]:
        return [s.text for s in summarize(texts, **options).sentences]

    assert chosen(salience_mix_share=1.0) == chosen(salience_model=None)
    assert chosen(salience_mix_share=0.0) != chosen(salience_model=None)
