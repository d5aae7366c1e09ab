"""People and organisations: the named entities the live sources share.

Names are gathered under their fullest form in the cluster ("Kerry" and "Secretary
Kerry" count for "John Kerry"; "State Department" for "U.S. State Department"), so a
source that writes only a surname still counts. A name the tagger calls an organisation
that a source writes as a place ("the peninsula of Crimea") is neither.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from storyline.data import Article, Entity
from storyline.insights.parse import Parsed
from storyline.language import load_language
from storyline.options import Options

if TYPE_CHECKING:
    from spacy.tokens import Span

KINDS = {"PERSON": "person", "ORG": "organisation"}
_ALIKE = 0.8  # two spellings of a given name this alike (difflib ratio) are one name
_ACRONYM_LETTERS = 6
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_TRAILING = re.compile(r"(?:['’]s?|\s+(?:said|says))$")


def clean_name(text: str) -> str:
    """A mention without its article, possessive or stray verb: "the Kremlin's" -> "Kremlin"."""
    return _TRAILING.sub("", _LEADING.sub("", " ".join(text.split()))).strip(" .,")


class Names:
    """The fullest form of each name in a cluster; ``canonical`` maps any form to it. Two
    spellings of one person ("Dmitri Peskov", "Dmitry Peskov") are one name, the more
    used; an acronym is its organisation's full name ("EU": "European Union")."""

    def __init__(self, parsed: Sequence[Parsed]) -> None:
        self.kind: dict[str, str] = {}
        self.places: set[str] = set()  # tagged as organisations, named as places
        places = load_language("en").words["place_nouns"]
        used: Counter[str] = Counter()
        for block in parsed:
            for entity in block.entities(frozenset(KINDS)):
                name = clean_name(entity.text)
                if _plausible(name):
                    self.kind.setdefault(name, KINDS[entity.label_])
                    used[name] += 1
                    if entity.label_ == "ORG" and _a_place(entity, places):
                        self.places.add(name)
        self.full = sorted(self.kind, key=lambda n: (-len(n.split()), n))
        self._same = {**_spellings(self.kind, used), **_acronyms(self.kind)}

    def canonical(self, name: str) -> str:
        """The longest known name that ends with ``name`` (word for word), or ``name``;
        under its most used spelling or full form."""
        found = self._longest(clean_name(name))
        return self._same.get(found, found)

    def _longest(self, name: str) -> str:
        tail = name.lower().split()
        if not tail:
            return name
        for full in self.full:
            words = full.lower().replace("-", " ").split()
            if words[-len(tail) :] == tail and (len(tail) > 1 or self.kind[full] == "person"):
                return full
            alone = len(tail) == 1 and name[:1].isupper()
            if alone and self.kind[full] == "organisation" and tail[0] in words:
                return full  # "State" tagged alone inside "Secretary of State"
        return name


def _spellings(kind: dict[str, str], used: Counter[str]) -> dict[str, str]:
    """Each person's less used spelling -> the more used one: the same surname, given names
    alike letter for letter ("Dmitri" and "Dmitry"; not "John" and "Jane")."""
    by_surname: dict[str, list[str]] = defaultdict(list)
    for name, k in kind.items():
        if k == "person" and len(name.split()) > 1:
            by_surname[name.split()[-1].lower()].append(name)
    same = {}
    for names in by_surname.values():
        names.sort(key=lambda n: (-used[n], n))
        for variant in names[1:]:
            given, main = " ".join(variant.split()[:-1]), " ".join(names[0].split()[:-1])
            if given[:1] == main[:1] and SequenceMatcher(None, given, main).ratio() >= _ALIKE:
                same[variant] = names[0]
    return same


def _acronyms(kind: dict[str, str]) -> dict[str, str]:
    """Each organisation's acronym -> its full name, where the cluster gives both ("EU",
    "European Union"; "UN", "United Nations")."""
    full_names: dict[str, str] = {}
    for name, k in kind.items():
        words = [w for w in name.replace("-", " ").split() if w[:1].isupper()]
        if k == "organisation" and len(words) > 1:
            full_names.setdefault("".join(w[0] for w in words), name)
    return {
        name: full_names[name]
        for name in kind
        if name.isupper() and 1 < len(name) <= _ACRONYM_LETTERS and name in full_names
    }


def find_entities(
    parsed: Sequence[Parsed], articles: Sequence[Article], names: Names, options: Options
) -> list[Entity]:
    """Entities named by at least two sources (or twice, in a one-source cluster)."""
    documents: dict[str, set[int]] = defaultdict(set)
    mentions: dict[str, int] = defaultdict(int)
    for block in parsed:
        for entity in block.entities(frozenset(KINDS)):
            name = clean_name(entity.text)
            if _plausible(name):
                full = names.canonical(name)
                documents[full].add(block.doc)
                mentions[full] += 1
    live = len({block.doc for block in parsed})
    needed = 2 if live > 1 else 1
    found = [
        Entity(
            name,
            names.kind.get(name, "organisation"),
            len(docs),
            mentions[name],
            tuple(articles[d].id for d in sorted(docs)),
        )
        for name, docs in documents.items()
        if len(docs) >= needed and (live > 1 or mentions[name] >= 2) and name not in names.places
    ]
    found.sort(key=lambda e: (-e.sources, -e.mentions, e.name))
    return found[: options.insight.insight_max_entities]


def _a_place(entity: Span, place_nouns: frozenset[str]) -> bool:
    """True for a name written as a place: "the peninsula of Crimea", "the city of Sochi"."""
    of = entity.root.head
    return entity.root.dep_ == "pobj" and of.lower_ == "of" and of.head.lower_ in place_nouns


def _plausible(name: str) -> bool:
    """Not a tagging slip: has a capital letter, no digits, not one letter."""
    return len(name) > 1 and any(c.isupper() for c in name) and not any(c.isdigit() for c in name)
