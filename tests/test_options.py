"""Options check themselves: a wrong value is a one-line error where it is given."""

from __future__ import annotations

from dataclasses import fields, is_dataclass

import pytest

from storyline import DEFAULTS, StorylineError, summarize
from storyline.options import RANGES, settings


def _leaves(options: object) -> dict[str, object]:
    """Every setting by name, through the groups."""
    found: dict[str, object] = {}
    for f in fields(options):  # type: ignore[arg-type]
        value = getattr(options, f.name)
        found.update(_leaves(value) if is_dataclass(value) else {f.name: value})
    return found


def test_every_number_has_a_range_and_every_name_is_one_setting():
    leaves = _leaves(DEFAULTS)
    numbers = {
        name
        for name, value in leaves.items()
        if isinstance(value, (int, float)) and not isinstance(value, bool)
    }
    assert numbers == set(RANGES)
    assert set(settings()) == set(leaves)  # unique names: with_ reaches each by name


def test_settings_are_grouped_by_stage_and_changed_by_name():
    changed = DEFAULTS.with_(words=120, solver_gap=0.05, story_similarity=0.3)
    assert (changed.words, changed.select.solver_gap, changed.stories.story_similarity) == (
        120,
        0.05,
        0.3,
    )
    assert DEFAULTS.select.solver_gap == 0.03  # a copy: the defaults stay


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
        ({"language": "xx"}, "language 'xx': not supported (supported: af, ar, bg,"),
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
