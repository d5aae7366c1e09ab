"""Options check themselves: a wrong value is a one-line error where it is given."""

from __future__ import annotations

from dataclasses import fields

import pytest

from storyline import DEFAULTS, StorylineError, summarize
from storyline.options import RANGES, Options


def test_every_number_has_a_range():
    numbers = {
        f.name
        for f in fields(Options)
        if isinstance(f.default, (int, float)) and not isinstance(f.default, bool)
    }
    assert numbers == set(RANGES)


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"words": -5}, "words: -5 is outside 1 to 100000"),
        ({"support_similarity": 3}, "support_similarity: 3 is outside 0 to 1"),
        ({"words": 2.5}, "words: not a valid value (2.5)"),
        ({"max_candidates": True}, "max_candidates: not a valid value (True)"),
        ({"insights": "yes"}, "insights: not a valid value ('yes')"),
        ({"solver_gap": float("nan")}, "solver_gap: not a valid value (nan)"),
        ({"salience_weights": (1.0, 2.0)}, "salience_weights: not a valid value"),
        ({"min_sentence_words": 70}, "min_sentence_words is above max_sentence_words"),
    ],
)
def test_a_wrong_value_is_one_line_naming_it(change, said):
    with pytest.raises(StorylineError) as raised:
        DEFAULTS.with_(**change)
    assert said in str(raised.value) and "\n" not in str(raised.value)


def test_the_api_refuses_them_before_any_work(example):
    with pytest.raises(StorylineError, match="words: 0 is outside"):
        summarize(["some text"], words=0)
    with pytest.raises(TypeError, match="unknown option"):
        DEFAULTS.with_(word=100)
    assert DEFAULTS.with_(salience_model=None, words=10).words == 10
