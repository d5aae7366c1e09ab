"""Scraped junk never survives cleaning; article prose does."""

from __future__ import annotations

import pytest

from storyline import Article, Cluster, readings
from storyline.ingest import clean
from storyline.ingest.clean import prose
from storyline.junk import junk_reason
from storyline.language import load_language
from storyline.options import DEFAULTS
from storyline.segment import segment

ENGLISH = load_language("en")

# Real junk lines, from the bundled example and from Multi-News's scraped pages.
JUNK = [
    "Email Print",
    "Accessibility links",
    "Breaking News",
    "Article continues after advertisement",
    "Before it's here, it's on the Bloomberg Terminal. LEARN MORE",
    "Add a comment",
    "Sort by",
    "There are no comments yet. Add your comment to start the conversation.",
    "More World News",
    "Mike Eckel and Mary Alice Salinas contributed to this report.",
    "(Reporting by Jane Doe in London; Editing by Mark Heinrich)",
    "Starting in 1996, Alexa Internet has been donating their crawl data to the Internet "
    "Archive. Flowing in every day, these data are added to the Wayback Machine after an "
    "embargo period.",
    "Advertisement Continue reading the main story",
    "Story Continued Below",
    "Mitt Romney Not Conservative WE WILL MAKE AMERICA GREAT AGAIN!",  # a tweet shouting
    "Tweet with a location",
    "Sign up now for the Us Weekly newsletter to get breaking celebrity news, hot pics and more "
    "delivered straight to your inbox!",
    "We've detected that JavaScript is disabled in your browser. Would you like to proceed to "
    "legacy Twitter?",
    "Photo",
    "Play Facebook",
    "Skip in Skip x Embed x Share The American Heart Association and American College of "
    "Cardiology have released new guidelines today.",
    "In this June 14, 2012 file photo, President Barack Obama speaks in Cleveland.",
    "FILE - In a Oct. 20, 2007 file photo, actors Catherine Zeta-Jones and Michael Douglas "
    "arrive at a premiere.",
    "A handout photo from the U.S. Embassy Beijing Press office shows blind activist Chen "
    "Guangcheng speaking into a phone in Beijing, May 2, 2012.",
    "A man watches a televised address by Qatar's Emir Sheik Hamad bin Khalifa Al Thani, in "
    "Doha, Qatar,Tuesday, June 25, 2013.",
    "Arizona State Library, Archives, and Public RecordsArchive-It Partner Since: Apr, "
    "2007Organization Type: State Archives & LibrariesOrganization URL: http://www.lib.az.us/ "
    "The Arizona State Library, Archives and Public Records ensures that Arizonans have access "
    "to the information they need today.",
    "House Speaker John Boehner of Ohio meets with reporters on Capitol Hill in Washington, "
    "Thursday, Dec. 4, 2014.",
    "A sign is shown at Dickey's Barbecue Pit Thursday, Aug. 14, 2014, in South Jordan, Utah.",
    "A 3D model of the ship with the fish tank is shown.",
    "Trump says San Juan mayor has 'come back a long way'",  # headlines ending on a quote
    'Climate Negotiations soon to conclude in Bali; UN "concerned by the pace of things"',
    # the page talking to its reader
    "Check out the questions to see just how far out the box employers are expecting their "
    "interviewees to think.",
    "Watch NBC 7 News at 4 p.m. for updates from the scene.",
    "WATCH: Serena Williams and Fiance Alexis Ohanian Take 'Baby Class 101' -- See Their Swaddles!",
    '(PHOTOS: Other pols who made the "full Ginsburg")',
    "More: BBC News special report (or follow the COP21 tag in the BBC News app).",
    "www.year2000.com _ The Year 2000 Information Center, run by Canadian Y2k guru Peter de Jager.",
    # the page's notes on itself
    "Editor's Note: The name ARUP can be seen on a document we use in this story.",
    "Note: Information contained in the Daily Crime Report is generally based on initial "
    "reports made to the Police Department.",
    "This story was last updated at 3:39 p.m.",
    # dated entries of a list or timeline, and a gallery's caption control
    "2005/01/08 Tsunami aid donations in 2005 deductible for 2004 in the U.S.",
    "July 2002 -- National currencies of the 11 euro countries will no longer be accepted.",
    "Hide Caption 71 of 76 Photos: Emotions run high in Ferguson.",
]

PROSE = [
    "U.S. Secretary of State John Kerry headed to Russia intending to meet with President "
    "Vladimir Putin for their first direct talks after two years.",
    "“We’ve always said where there are areas we can work together, we will,” Marie Harf, a "
    "department spokeswoman, told reporters in Washington.",
    "Putin said in an e-mail to supporters that the talks would continue.",
    "German Chancellor Angela Merkel, who skipped the parade, instead met Sunday with Putin.",
    "The photo is a composite shot of several pictures, pieced together more than 100 years ago.",
    "Romney and Obama were both steadily gaining fans on both Facebook and Twitter through "
    "Tuesday evening, though Obama gained far more.",
    "The vote is set for Tuesday, June 25, 2013, after a month of debate in the Senate.",
    "He said the first offer was “a good start.”",  # the stop inside the quotation
    "We are asking, ‘What is the best therapy to do the job?’ ”",
    "The tribunal said it would ``lay the basis for reconciliation . ''",  # wire copy, tokenised
    "Share prices rose sharply in Athens early Monday after the drachma joined the system.",
    "Watchdog groups said the visit would cost taxpayers more than $2 million.",
    "More than 40 people were hurt; map makers said the border had moved.",
    'Adds Laszlo: "Brainprints, on the other hand, are potentially cancellable."',
    "The market is seen as growing more quickly than the computer industry over all.",
    "In July 2002 -- the month the old notes went -- prices barely moved.",
]


@pytest.mark.parametrize("line", JUNK)
def test_junk_lines_are_recognised(line):
    assert junk_reason(line, DEFAULTS) is not None


@pytest.mark.parametrize("line", PROSE)
def test_prose_is_kept(line):
    assert junk_reason(line, DEFAULTS) is None


def kept_text(articles: list[Article]) -> list[str]:
    """The prose cleaning keeps of each article: what sentences are cut from."""
    return [
        "\n".join(a.text[b.start : b.end] for b in prose(blocks))
        for a, blocks in zip(articles, clean(articles, DEFAULTS), strict=True)
    ]


def test_example_junk_and_foreign_caption_are_removed(example):
    articles = [Article(p.name, p.read_text(encoding="utf-8")) for p in sorted(example.iterdir())]
    text = "\n".join(kept_text(articles))
    for line in JUNK[:10]:
        assert line not in text
    assert "პრეზიდენტი" not in text  # the Georgian caption in article-001
    assert "Agence France-Presse" not in text
    assert "SOCHI, Russia" not in text  # dateline cut, sentence kept
    assert text.count("US Secretary of State John Kerry arrived in the Russian resort") == 1
    assert "Jo Biddle" not in text and "lines of communication open.”" in text


@pytest.mark.parametrize(
    ("label", "sentence"),
    [
        ("LONDON (AP) _ ", "British police said Saturday they have arrested Augusto Pinochet."),
        ("SANTA ROSA, Calif. _ ", "Firefighters contained the blaze on Tuesday morning."),
        ("LOS ANGELES (CBSLA.com) — ", "A team of robbers has hit nearly two dozen banks."),
        ("Meadow Lake, Saskatchewan – ", "The council said it donated $10,000 by mistake."),
        ("Tuesday, January 18, 2005", "Through a telethon, Romanians have raised 15 billion lei."),
        ("UPDATE: ", "Reynolds' rep told E! News Saturday the star's fever is down."),
        ("Update, July 7th, 6:40PM ET: ", "The Kickstarter had raised more than $23,000."),
    ],
)
def test_a_label_is_cut_and_its_sentence_kept(label, sentence):
    """A brief is read away from the wire and the page: "LONDON (AP) _" or "UPDATE:" tells
    its reader nothing."""
    (kept,) = kept_text([Article("a", label + sentence)])
    assert kept == sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Russian Prime Minister Viktor Chernomyrdin arrived here today for a three-day visit.",
        "Officials said the talks here would resume. ``We are not here to argue,'' he said.",
    ],
)
def test_a_dateline_stays_when_the_text_says_here(sentence):
    """ "... arrived here today": only the dateline says where "here" is."""
    line = "PRAGUE, April 20 (Xinhua) -- " + sentence
    (kept,) = kept_text([Article("a", line)])
    assert kept == line


def test_a_here_inside_a_quotation_keeps_no_dateline():
    """ "We are here to help," she said: the speaker's "here", not the wire's."""
    sentence = "``We are here to help,'' the mayor said on Tuesday."
    (kept,) = kept_text([Article("a", "LONDON (AP) _ " + sentence)])
    assert kept == sentence


def test_what_an_update_label_announces_is_cut_with_it():
    """ "5 PM EASTERN UPDATE: Adds D.C. police response." is about the page, not the news."""
    text = "Police said the rifle was legal.\n5 PM EASTERN UPDATE: Adds D.C. police response."
    (kept,) = kept_text([Article("a", text)])
    assert kept == "Police said the rifle was legal."


def test_a_wire_desks_initials_after_the_last_sentence_are_cut():
    text = "Relations with the tribunal have now become strained in the extreme.'' (mc/bk)"
    (kept,) = kept_text([Article("a", text)])
    assert kept == "Relations with the tribunal have now become strained in the extreme.''"


def test_short_line_repeated_across_documents_is_furniture():
    body = "Officials met in Geneva on Monday to discuss the ceasefire in detail."
    articles = [
        Article(f"d{i}", f"{body} Topic {i} was raised.\nFollow the live coverage here.")
        for i in range(2)
    ]
    for text in kept_text(articles):
        assert "live coverage" not in text


def test_other_language_paragraph_is_removed():
    english = "The minister met his counterpart in Sochi on Tuesday to discuss the ceasefire."
    spanish = (
        "El ministro se reunió con su homólogo en Sochi el martes para hablar del alto el "
        "fuego en el este de Ucrania y de las sanciones."
    )
    article = Article("a", "\n".join([english, spanish, english.replace("Tuesday", "Monday")]))
    (text,) = kept_text([article])
    assert "homólogo" not in text and "Tuesday" in text


def test_a_reading_keeps_subheadings_and_list_items_but_no_sentence_comes_from_them():
    text = (
        "Menu\nHome News Sport\n"
        "The council voted on Tuesday to close the old bridge after engineers found cracks.\n"
        "What the engineers found\n"
        "Cracks ran through three of the five piers, the report said.\n"
        "- cracks in three piers\n- rusted cables\n"
        "The bridge will stay closed until at least March, officials said.\n"
        "Related stories\n"
    )
    article = Article("a", text)
    (reading,) = readings(Cluster(None, (article,)))
    assert "What the engineers found" in reading.text and "- rusted cables" in reading.text
    assert "Menu" not in reading.text and "Related stories" not in reading.text
    sentences = [s.text for s in segment(0, article, prose(reading.blocks), ENGLISH)]
    assert sentences == [
        "The council voted on Tuesday to close the old bridge after engineers found cracks.",
        "Cracks ran through three of the five piers, the report said.",
        "The bridge will stay closed until at least March, officials said.",
    ]


def test_a_paragraph_wrapped_over_lines_is_one_paragraph():
    wrapped = (
        "Veteran actress Kate Henshaw, who in 2008 won the\n"
        "Africa Movie Academy Award for Best Actress, has taken\n"
        " to her Instagram page to share photos of herself.\n"
    )
    items = "Prices fell for\nbread and milk\nand eggs\n"  # never ends a sentence: stays lines
    (blocks,) = clean([Article("a", wrapped + items)], DEFAULTS)
    assert [(b.start, b.end) for b in prose(blocks)] == [(0, len(wrapped.rstrip()))]


def test_a_whole_article_on_one_line_is_prose_however_often_it_names_the_web():
    # wire copy without line breaks (DUC 2003): an article about an airline's newsletter
    sentence = "Temperatures rose without leaving traces of fire, the airline's newsletter said. "
    facts = "Investigators are still searching the wreckage for the cause of the crash. "
    line = (sentence + facts * 8) * 4
    assert junk_reason(line.strip(), DEFAULTS) is None


def test_an_article_on_one_line_loses_only_the_sentence_a_line_test_refuses():
    # an archive's one-line article: a caption, then the story
    caption = "File - this Aug. 21, 2015 file photo shows Patricia Krenwinkel. "
    story = "Krenwinkel, a follower of Charles Manson, is seeking parole for the 14th time. " * 12
    (kept,) = kept_text([Article("a", caption + story.strip())])
    assert kept.startswith("Krenwinkel, a follower") and "file photo" not in kept


def test_numbers_are_no_words_of_another_language():
    """A results line on a Portuguese page: two names among numbers, which pycld2 takes
    for Polish when the numbers count as words."""
    options = DEFAULTS.with_(language="pt")
    line = "8 Brad Keselowski 2318 3 3 13 19"
    assert junk_reason(line, options, "LATIN", "pt", shape=False) is None


def test_a_subheading_ending_on_a_stop_word_is_not_glued_to_the_next_paragraph():
    """Only a line as long as a wrapped one goes on after its stop word ("... won the")."""
    text = (
        "The union said on Tuesday that the strike had been called off after talks.\n"
        "Rail strike called off\n"
        "The transport secretary said the government had not been involved in the talks."
    )
    kept = kept_text([Article("a", text)])[0].split("\n")
    assert kept[-1].startswith("The transport secretary said")
