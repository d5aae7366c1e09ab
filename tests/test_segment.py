"""Sentences keep exact offsets, and news abbreviations do not split them."""

from storyline import Article
from storyline.data import Block
from storyline.segment import segment

TEXT = (
    "U.S. Secretary of State John Kerry met Gen. Philip Breedlove at 9 a.m. on Tuesday. "
    "Mr. Putin arrived later.\nThe talks ended at 4 p.m. in Sochi."
)


def test_abbreviations_do_not_split_and_offsets_are_exact():
    article = Article("a", "Headline\n" + TEXT)
    start = article.text.index("U.S.")
    sentences = segment(0, article, [Block(start, len(article.text))])
    assert [s.text for s in sentences] == [
        "U.S. Secretary of State John Kerry met Gen. Philip Breedlove at 9 a.m. on Tuesday.",
        "Mr. Putin arrived later.",
        "The talks ended at 4 p.m. in Sochi.",
    ]
    for s in sentences:
        assert article.text[s.start : s.end] == s.text
    assert [s.position for s in sentences] == [0, 1, 2]
