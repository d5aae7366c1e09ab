"""Quotes and speakers in languages read without a parser, from their data in speech.toml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline import Article, summarize
from storyline.insights import quotes_in
from storyline.insights.speech import speech_of
from storyline.language import load_language
from storyline.options import DEFAULTS
from storyline.render import render, to_dict

LANGUAGES = Path(__file__).parents[1] / "fixtures" / "languages"

# The speaker of the quote in each language's fixture (three reports written for the tests)
SPEAKERS = {
    "fr": {"Pierre Delmas", "Bernard Chauvet"},
    "de": {"Verdi-Verhandlungsführerin Sabine Krüger"},  # German writes every noun capitalised
    "es": {"Lucía Ortega"},
    "it": {"Marco Repetto"},
    "pt": {"Ricardo Menezes"},
    "el": {"Νίκος Παπαδάκης"},
    "pl": {"Tomasz Nowak"},
    "tr": {"Rize Valisi Mehmet Aydın"},  # the speaker before the quote, the verb after it
}


def _quotes(texts: list[str], language: str) -> dict[str, str | None]:
    articles = [Article(f"doc-{n}", text) for n, text in enumerate(texts, 1)]
    found = quotes_in(articles, DEFAULTS.with_(language=language))
    return {q.text: q.speaker for q in found}


@pytest.mark.parametrize("code", sorted(SPEAKERS))
def test_each_language_names_the_speaker_of_its_quotes(code):
    texts = json.loads((LANGUAGES / f"{code}.json").read_text(encoding="utf-8"))
    speakers = set(_quotes(texts, code).values())
    assert speakers == SPEAKERS[code]


def test_every_language_with_speech_data_has_its_marks_and_verbs():
    for code in ("fr", "de", "es", "it", "pt", "nl", "el", "ru", "uk", "pl", "cs", "tr"):
        speech = speech_of(code)
        assert speech is not None and speech.marks and speech.verb_stems, code
        assert load_language(code).stem("x") is not None
    assert speech_of("he") is None  # no capitals to tell a name by


FRENCH = (
    "« Nous n'avons pas reçu de nouvelles du vol », a indiqué Air France dans un communiqué. "
    "Le directeur général, Thomas Enders, a déclaré : « Nous voulons savoir ce qui s'est "
    "passé. » « Ceci est un accident exceptionnel », a expliqué le colonel Jorge Amaral, un "
    "porte-parole de l'armée de l'air.\n\n"
    "« Nous allons tout faire pour retrouver les corps », a-t-il ajouté.\n\n"
    "Selon Paul-Louis Arslanian, « il est prématuré de dire ce qui s'est passé ».\n\n"
    "« C'est une catastrophe comme la compagnie n'en a jamais vu », a dit le président aux "
    "journalistes.\n\n"
    "Jean Dupont : « Le nombre de morts dépasse les deux cents. »\n\n"
    "Les sauveteurs ont fouillé la zone « pendant toute la nuit et sans relâche ». Les "
    "familles ont déclaré qu'elles attendaient des nouvelles."
)


def test_french_speakers_after_before_and_around_a_quote():
    speakers = {text[:25]: who for text, who in _quotes([FRENCH], "fr").items()}
    assert speakers == {
        "Nous n'avons pas reçu de ": "Air France",  # a name between quote and verb
        "Nous voulons savoir ce qu": "Thomas Enders",  # past the apposition
        "Ceci est un accident exce": "Jorge Amaral",  # the name after the title
        "Nous allons tout faire po": "Jorge Amaral",  # "a-t-il": who last spoke
        "il est prématuré de dire ": "Paul-Louis Arslanian",  # "selon"
        "C'est une catastrophe com": "le président",  # a role, not its complement
        "Le nombre de morts dépass": "Jean Dupont",  # a quote headed with its speaker
        "pendant toute la nuit et ": None,  # the verb of the next sentence says nothing
    }


def test_a_greek_name_in_latin_script_after_a_greek_title():
    text = (
        "Η Βρετανίδα Υπουργός Εξωτερικών Margaret Beckett δήλωσε: «Αναμένουμε την άμεση και "
        "ασφαλή επιστροφή του προσωπικού.» Ο Ray Cooper, θείος του πεζοναύτη Adam Sperry, "
        "είπε πως αυτό είναι «το καλύτερο δώρο που θα μπορούσε να φανταστεί κανείς»."
    )
    assert set(_quotes([text], "el").values()) == {"Margaret Beckett", "Ray Cooper"}


def test_one_statement_reported_by_two_sources_is_one_quote():
    first = "« Ce groupe a un cœur énorme, il n'a jamais rien lâché », a réagi Pierre Delmas."
    second = "L'entraîneur Pierre Delmas a confié : « Ce groupe a un cœur énorme. »"
    articles = [Article("a", first), Article("b", second)]
    (quote,) = quotes_in(articles, DEFAULTS.with_(language="fr"))
    assert (quote.speaker, quote.sources) == ("Pierre Delmas", 2)


def test_a_french_brief_shows_quotes_and_says_what_else_it_cannot_read():
    texts = json.loads((LANGUAGES / "fr.json").read_text(encoding="utf-8"))
    brief = summarize(texts, words=80, insights=True)
    data = to_dict(brief)["insights"]
    assert data["read"] == ["quotes"] and data["quotes"]
    assert data["unavailable"].endswith("not available for French (they read English)")
    markdown = render(brief, "markdown")
    assert "**Quotes**" in markdown and "- Pierre Delmas: “Ce groupe a un cœur énorme" in markdown
    assert "**Other insights**" in markdown and "**Timeline**" not in markdown


def test_two_speakers_stay_apart_though_an_unattributed_rendering_is_like_both():
    texts = [
        "Les syndicats ont prévenu : « nous ne céderons pas »",
        "« Le gouvernement ne cédera pas face aux syndicats, la réforme ira à son terme », "
        "a déclaré Élisabeth Borne.",
        "« Nous ne céderons jamais devant ce gouvernement qui méprise les travailleurs », a "
        "affirmé Sophie Binet.",
    ]
    speakers = _quotes(texts, "fr")
    assert speakers[
        "Nous ne céderons jamais devant ce gouvernement qui méprise les travailleurs"
    ] == ("Sophie Binet")
    assert "Élisabeth Borne" in speakers.values()


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        (
            "de",
            "Bundeskanzler Olaf Scholz sagte am Abend: „Die Lage ist ernst, aber wir haben "
            "sie im Griff.“",
            "Bundeskanzler Olaf Scholz",
        ),  # a paragraph ending on “ is prose
        (
            "de",
            "«Wir sind bereit, mit allen Parteien zu sprechen», sagte Bundesrat Ignazio "
            "Cassis am Mittwoch in Bern.",
            "Bundesrat Ignazio Cassis",
        ),  # Swiss marks
        (
            "nl",
            "Burgemeester Femke Halsema zei ’s avonds: “We hebben de situatie onder "
            "controle en blijven alert.”",
            "Burgemeester Femke Halsema",
        ),  # ’ is an apostrophe
        (
            "fr",
            "« La situation reste très tendue à la frontière », a confié à Reuters un "
            "diplomate européen.",
            "un diplomate européen",
        ),  # not the one spoken to
        (
            "fr",
            "« Le dispositif sera renforcé dès ce soir », a déclaré jeudi le préfet de "
            "police Laurent Nuñez.",
            "Laurent Nuñez",
        ),
        (
            "fr",
            "Le Premier ministre, qui s'exprimait devant l'Assemblée nationale, a affirmé : "
            "« Le gouvernement ira jusqu'au bout. »",
            "Le Premier ministre",
        ),
        (
            "es",
            "«La investigación sigue abierta y no descartamos nada», declaró a la agencia "
            "EFE un portavoz de la Guardia Civil.",
            "un portavoz de la Guardia Civil",
        ),
        (
            "it",
            "Secondo il sindaco di Roma, Roberto Gualtieri, «la città è pronta per il Giubileo».",
            "Roberto Gualtieri",
        ),
        (
            "el",
            "«Η Ευρώπη πρέπει να δράσει γρήγορα και αποφασιστικά», ανέφερε στο Reuters ένας "
            "Ευρωπαίος διπλωμάτης.",
            "ένας Ευρωπαίος διπλωμάτης",
        ),
        (
            "fr",
            "« Il m'a dit « partez tout de suite » et je suis parti », a raconté Jean Dupont.",
            "Jean Dupont",
        ),  # one quote nested in another
        (
            "fr",
            "D'après le maire d'Angra do Heroísmo, José Gabriel Álamo, « la ville est prête "
            "à reconstruire ».",
            "José Gabriel Álamo",
        ),
        (
            "fr",
            "« Tout est sous contrôle depuis ce matin », a indiqué le préfet de la région "
            "Occitanie, Pierre-André Durand.",
            "Pierre-André Durand",
        ),
        (
            "de",
            "«Der vordere Wagen ist völlig zerstört worden», so Kreisbrandrat Markus Klein.",
            "Kreisbrandrat Markus Klein",
        ),
    ],
)
def test_speakers_in_common_sentence_shapes(language, text, speaker):
    assert list(_quotes([text], language).values()) == [speaker]


def test_a_mark_after_a_digit_opens_no_quote():
    text = 'Il a couru les 100 m en 9"58, puis "nous avons gagné ce soir", a-t-il dit.'
    assert list(_quotes([text], "fr")) == ["nous avons gagné ce soir"]


def test_a_pronoun_is_whoever_last_spoke_quoted_or_not():
    text = (
        "« Nous avons évité le pire cette nuit », a déclaré le préfet Pascal Mailhos.\n\n"
        "Le maire de la commune, Christian Duchêne, a demandé une enquête indépendante. "
        "« Les habitants ont le droit de savoir ce qui s'est passé », a-t-il ajouté."
    )
    assert _quotes([text], "fr") == {
        "Nous avons évité le pire cette nuit": "Pascal Mailhos",
        "Les habitants ont le droit de savoir ce qui s'est passé": "Christian Duchêne",
    }
