"""Sentences keep exact offsets, and news abbreviations do not split them."""

from storyline import Article
from storyline.data import Block
from storyline.language import load_language
from storyline.segment import cap, segment, split_sentences

ENGLISH = load_language("en")

TEXT = (
    "U.S. Secretary of State John Kerry met Gen. Philip Breedlove at 9 a.m. on Tuesday. "
    "Mr. Putin arrived later.\nThe talks ended at 4 p.m. in Sochi."
)


def test_abbreviations_do_not_split_and_offsets_are_exact():
    article = Article("a", "Headline\n" + TEXT)
    start = article.text.index("U.S.")
    sentences = list(segment(0, article, [Block(start, len(article.text))], ENGLISH))
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
    sentences = list(segment(0, Article("a", text), [Block(0, len(text))], ENGLISH))
    assert [s.text for s in sentences] == [
        "The council met today to discuss the budget.",
        "Then it voted.",
    ]


def test_invisible_characters_at_sentence_edges_are_left_out():
    text = "\u202eThe mayor said the bridge will reopen.\u200b \ufeffRepairs took a year.\u200d"
    sentences = list(segment(0, Article("a", text), [Block(0, len(text))], ENGLISH))
    assert [s.text for s in sentences] == [
        "The mayor said the bridge will reopen.",
        "Repairs took a year.",
    ]
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_a_quotation_running_over_sentences_opens_its_own_sentence():
    text = 'It was wrong," he said. "From the start the inquiry was hard. It goes on."'
    sentences = list(segment(0, Article("a", text), [Block(0, len(text))], ENGLISH))
    assert [s.text for s in sentences[:2]] == [
        'It was wrong," he said.',
        '"From the start the inquiry was hard.',
    ]
    for s in sentences:
        assert text[s.start : s.end] == s.text
    # tokenised wire copy sets closing marks apart too: they stay where they are
    assert split_sentences('The minister said : " We will go on . " Then he left .', ENGLISH) == [
        'The minister said : " We will go on . "',
        "Then he left .",
    ]


def test_a_quotation_ending_in_an_exclamation_keeps_its_speaker():
    """`"... loves the internet!!" Brown writes on his Kickstarter page.` is one sentence:
    cut in two, the quote would not say who spoke and the speaker would say nothing."""
    text = (
        '"Potato salad loves the internet!!" Brown writes on his Kickstarter page. '
        "“Why now?” McCain asked reporters. "
        '"Why?" Rubin said the last time he saw his friend was a week before the bodies were found.'
    )
    sentences = list(segment(0, Article("a", text), [Block(0, len(text))], ENGLISH))
    assert [s.text for s in sentences] == [
        '"Potato salad loves the internet!!" Brown writes on his Kickstarter page.',
        "“Why now?” McCain asked reporters.",
        '"Why?"',  # a long sentence after the quote tells more than who spoke: its own
        "Rubin said the last time he saw his friend was a week before the bodies were found.",
    ]
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_the_month_may_ends_a_sentence():
    """sentencex reads "May." as an abbreviation; the month never is one."""
    text = "They met at Cannes in May. Zeta-Jones had recently returned. The Jan. 5 vote stands."
    assert split_sentences(text, ENGLISH) == [
        "They met at Cannes in May.",
        "Zeta-Jones had recently returned.",
        "The Jan. 5 vote stands.",
    ]


def test_tokenized_text_ends_a_sentence_at_a_detached_quotation_mark():
    # Multi-News's release: lower-cased, quotation marks apart from their words
    text = (
        'rep. anthony weiner called it a " sordid affair. " democratic leaders turned on him. '
        'the publisher said so on friday. " we are seeing record sales, " said sonny mehta.'
    )
    assert split_sentences(text, ENGLISH) == [
        'rep. anthony weiner called it a " sordid affair. "',
        "democratic leaders turned on him.",
        "the publisher said so on friday.",
        '" we are seeing record sales, " said sonny mehta.',
    ]
    quoted = 'he was " startled ". " you have the effect of the slow burn, " mr roux said.'
    assert split_sentences(quoted, ENGLISH) == [
        'he was " startled ".',
        '" you have the effect of the slow burn, " mr roux said.',
    ]
    # a quotation's attribution, and a question or exclamation inside a sentence, stay
    for whole in (
        '" we won. " he said.',
        '" did he have a debt? " clinton asked.',
        'the show " jeopardy! " airs at 7 p.m.',
    ):
        assert split_sentences(whole, ENGLISH) == [whole]


def test_quotation_marks_are_counted_apart_or_at_a_word_edge_not_inside_or_after_digits():
    """An inch mark (55") or Hebrew's gershayim (צה"ל) is no quotation mark: the one
    that closes the quotation stays with it. The release often writes the opening mark
    against its word ("the world) and the closing one apart: the quotation is whole, the
    next sentence opens on its own word, not on a stray mark."""
    text = 'the tv has a 55" screen and he said " it is great. " critics disagreed on friday.'
    assert split_sentences(text, ENGLISH) == [
        'the tv has a 55" screen and he said " it is great. "',
        "critics disagreed on friday.",
    ]
    text = (
        'he has a fascination with "the world of insects and dark visions. " in 2006, '
        "he made a hoax documentary."
    )
    assert split_sentences(text, ENGLISH) == [
        'he has a fascination with "the world of insects and dark visions. "',
        "in 2006, he made a hoax documentary.",
    ]
    text = 'he called it "a disaster" and said " we will fight it. " the union agreed.'
    assert split_sentences(text, ENGLISH) == [
        'he called it "a disaster" and said " we will fight it. "',
        "the union agreed.",
    ]
    text = 'he said "2020 was a hard year. " critics disagreed on friday.'
    assert split_sentences(text, ENGLISH) == [
        'he said "2020 was a hard year. "',
        "critics disagreed on friday.",
    ]


def test_the_name_e_news_does_not_end_a_sentence():
    """ "News on Friday, ..." alone would be a fragment in a brief."""
    text = (
        'Reynolds\' rep told E! News on Friday, "He is doing better." '
        "A source confirms to E! News. "
        "The first interview went to E! It aired on Monday."
    )
    assert split_sentences(text, ENGLISH) == [
        'Reynolds\' rep told E! News on Friday, "He is doing better."',
        "A source confirms to E! News.",
        "The first interview went to E!",
        "It aired on Monday.",
    ]


def test_a_hyphened_rank_does_not_end_a_sentence():
    """sentencex ended one after "Det.-Sgt.", leaving "Susan Gomes, ..., said at a news
    conference." to stand alone in a brief."""
    text = (
        "Police made the determination, Det.-Sgt. Susan Gomes said at a news conference. "
        "He joined the U.S.-led force. Nobody lives there."
    )
    assert split_sentences(text, ENGLISH) == [
        "Police made the determination, Det.-Sgt. Susan Gomes said at a news conference.",
        "He joined the U.S.-led force.",
        "Nobody lives there.",
    ]


def test_a_clock_time_and_its_zone_stay_one_sentence():
    """sentencex ended sentences at "8 p.m.", leaving "ET primetime slot on Monday night."
    and "China Standard Time (UTC+8), and took place ..." as fragments in briefs."""
    text = (
        "The show takes the 8 p.m. ET primetime slot on Monday night. "
        "The ceremony began at 8:00 p.m. China Standard Time (UTC+8), and took place at the"
        " stadium. He arrived at 9 a.m. Police said he left at 5 p.m. Time magazine said so."
    )
    assert split_sentences(text, ENGLISH) == [
        "The show takes the 8 p.m. ET primetime slot on Monday night.",
        "The ceremony began at 8:00 p.m. China Standard Time (UTC+8), and took place at the"
        " stadium.",
        "He arrived at 9 a.m.",
        "Police said he left at 5 p.m.",
        "Time magazine said so.",
    ]


def test_an_agencys_tag_does_not_open_a_sentence():
    text = (
        "(CNN) Sen. John McCain said he might seek a subpoena. (Reuters) - Police said so."
        " ( cnn ) the tokenized release writes it so."
    )
    assert split_sentences(text, ENGLISH) == [
        "Sen. John McCain said he might seek a subpoena.",
        "Police said so.",
        "the tokenized release writes it so.",
    ]


def test_wire_copy_bullets_do_not_open_a_sentence():
    """Wire copy lists tips as "_ Start small. ..."; the underscore is a list mark."""
    assert split_sentences("_ Start small. You'll reduce your risk.", ENGLISH) == [
        "Start small.",
        "You'll reduce your risk.",
    ]


def _sentences(doc: int, words: list[str], count: int) -> list:
    """``count`` ten-word sentences of an article about ``words``."""
    text = " ".join(f"The {' '.join(words)} story, part {n} of the day." for n in range(count))
    return list(segment(doc, Article(str(doc), text), [Block(0, len(text))], ENGLISH))


def test_a_huge_cluster_keeps_each_articles_lead_then_more_in_rounds():
    topic = "council budget vote mayor city hall".split()
    sentences = [s for doc in range(30) for s in _sentences(doc, topic, 10)]
    kept, left_out = cap(sentences, limit=80, lead_words=15, lang=ENGLISH)
    assert len(kept) == 80 and not left_out
    per_article = {}
    for s in kept:
        per_article.setdefault(s.doc, []).append(s.position)
    assert sorted(per_article) == list(range(30))
    assert all(positions == list(range(len(positions))) for positions in per_article.values())
    assert sorted({len(p) for p in per_article.values()}) == [2, 3]  # lead (2), then a round


def test_when_not_even_the_leads_fit_the_articles_on_the_common_story_go_first():
    topic = "council budget vote mayor city hall".split()
    sentences = [s for doc in range(8) for s in _sentences(doc, topic, 5)]
    for doc, word in enumerate(["volcano", "cricket", "opera", "glacier"], start=8):
        sentences += _sentences(doc, [word, f"{word}s", "ash", "crowd", "lava", "stage"], 5)
    kept, left_out = cap(sentences, limit=16, lead_words=15, lang=ENGLISH)
    assert left_out == {8, 9, 10, 11}
    assert {s.doc for s in kept} == set(range(8))


def test_a_cluster_under_the_cap_is_untouched():
    sentences = _sentences(0, ["council"], 5)
    assert cap(sentences, limit=5, lead_words=40, lang=ENGLISH) == (sentences, set())
