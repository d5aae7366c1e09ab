"""A language is one data file: its lists and patterns load, compile and do their job."""

from __future__ import annotations

import pytest

from storyline import StorylineError, summarize
from storyline.language import available, load_language


@pytest.mark.parametrize("code", available())
def test_every_pattern_of_every_language_compiles(code):
    lang = load_language(code)
    assert lang.code == code and lang.stopwords
    for name in lang.patterns:
        assert "{speech_verbs}" not in lang.pattern(name).pattern  # placeholders filled in


def test_english_words_and_patterns():
    en = load_language("en")
    assert en.terms("The Kremlin said it would talk to 2 envoys") == [
        "kremlin",
        "talk",
        "2",
        "envoys",
    ]
    # word pairs, stemmed, but not two stop words together
    assert en.bigrams("in the Kremlin talks") == {("the", "kremlin"), ("kremlin", "talk")}
    assert en.pattern("speech").search("as he said on friday")
    assert en.pattern("bare_speaker").search("“We will go on,” Dutton said.")


def test_an_unknown_language_is_one_line_naming_the_known_ones():
    with pytest.raises(StorylineError, match=r"language 'xx': not supported \(supported: en\)"):
        summarize(["Some text."], language="xx")
