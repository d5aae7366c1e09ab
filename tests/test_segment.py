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


def test_a_sentence_repeated_in_one_article_counts_once():
    text = "The council met today to discuss the budget. " * 10_000 + "Then it voted."
    sentences = segment(0, Article("a", text), [Block(0, len(text))])
    assert [s.text for s in sentences] == [
        "The council met today to discuss the budget.",
        "Then it voted.",
    ]


def test_invisible_characters_at_sentence_edges_are_left_out():
    text = "\u202eThe mayor said the bridge will reopen.\u200b \ufeffRepairs took a year.\u200d"
    sentences = segment(0, Article("a", text), [Block(0, len(text))])
    assert [s.text for s in sentences] == [
        "The mayor said the bridge will reopen.",
        "Repairs took a year.",
    ]
    for s in sentences:
        assert text[s.start : s.end] == s.text
