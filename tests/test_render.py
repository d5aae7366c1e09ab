"""Output formats: the JSON contract, Markdown citations and sources."""

import json

import pytest

from storyline import DEFAULTS, summarize
from storyline.ingest import read_inputs
from storyline.render import render, to_dict


@pytest.fixture(scope="module")
def brief(example):
    (cluster,) = read_inputs([str(example)], DEFAULTS)
    return summarize(cluster)


def test_json_contract(brief):
    data = json.loads(render(brief, "json", include_text=True))
    assert set(data) == {"id", "language", "direction", "text", "words", "sentences", "documents"}
    assert data["words"] == len(data["text"].split())
    sentence = data["sentences"][0]
    assert set(sentence) == {"text", "support", "citations", "edits"}
    assert set(sentence["citations"][0]) == {"document", "start", "end", "exact"}
    texts = {d["id"]: d["text"] for d in data["documents"]}
    for s in data["sentences"]:
        c, written = s["citations"][0], s["text"]
        for edit in sorted(s["edits"], key=lambda e: -e["start"]):  # undone: the source's words
            written = written[: edit["start"]] + edit["original"] + written[edit["end"] :]
        assert texts[c["document"]][c["start"] : c["end"]] == written
    flagged = [d for d in data["documents"] if d["flagged"]]
    assert flagged[0]["id"] == "article-003.txt" and flagged[0]["reason"] == "different event"


def test_json_leaves_text_out_unless_asked(brief):
    assert "text" not in to_dict(brief)["documents"][0]


def test_jsonl_is_one_line(brief):
    line = render(brief, "jsonl")
    assert line.endswith("}\n") and line.count("\n") == 1


def test_markdown_numbers_citations_and_lists_sources(brief):
    markdown = render(brief, "markdown")
    first = brief.sentences[0]
    assert f"{first.text} [" in markdown
    assert "**Sources**" in markdown
    assert "1. `article-000.txt` Kerry heads to Russia for first Putin meeting" in markdown
    assert "left out: different event" in markdown


def test_text_is_the_brief(brief):
    assert render(brief, "text") == brief.text + "\n"


PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '"><svg onload=alert(3)>',
    "</title><script>alert(4)</script>",
    '<a href="javascript:alert(5)">click</a>',
]


def test_html_output_escapes_every_known_payload():
    from html.parser import HTMLParser

    from storyline import Article, summarize
    from storyline.render import render

    prose = (
        "Harbor officials said the fire began in a warehouse near pier nine on Tuesday night. "
        "Crews fought the blaze for six hours before it was under control, the chief said. "
        "The cause of the fire is not yet known, and an inquiry will begin next week. "
    )
    articles = [
        Article(
            f"doc-{n}{payload}",
            prose.replace("Crews", f"{payload} Crews")
            + f"“The {payload} smoke was the worst we saw,” said fire chief Ann Lee.",
            title=payload,
            url="javascript:alert(6)" if n == 0 else f"https://example.org/{n}",
        )
        for n, payload in enumerate(PAYLOADS)
    ]
    page = render(summarize(articles, words=80, insights=True), "html")

    class Elements(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[tuple[str, dict]] = []

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))

    parsed = Elements()
    parsed.feed(page)
    names = {tag for tag, _ in parsed.tags}
    assert names <= {"html", "meta", "title", "style", "article", "h1", "h2", "p", "sup", "a",
                     "ol", "ul", "li", "code", "em", "span"}  # fmt: skip
    written = {key for _, attrs in parsed.tags for key in attrs} - {"href", "id", "name", "content",
                                                                   "charset", "lang"}  # fmt: skip
    assert written <= {"dir"}
    assert page.count("<style>") == 1  # the page's own style only
    assert "<h2>Quotes</h2>" in page and "Ann Lee: “The &lt;img src=x onerror=" in page
    assert not any(key.startswith("on") for _, attrs in parsed.tags for key in attrs)
    hrefs = [attrs["href"] for tag, attrs in parsed.tags if tag == "a"]
    assert all(h.startswith(("#source-", "https://")) for h in hrefs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as text


def test_text_keeps_the_briefs_own_characters(brief):
    """Only the section headings under the brief lose their Markdown marks."""
    data = {**to_dict(brief), "text": "He called it a f**king disgrace.", "problems": ["x: **"]}
    text = render(data, "text")
    assert text.startswith("He called it a f**king disgrace.\n")
    assert "\nCould not be read\n" in text and "- x: **" in text


def test_an_html_brief_is_titled_by_its_story_and_styled(brief):
    page = render(brief, "html")
    first = brief.sentences[0].citations[0].document
    headline = next(d.title for d in brief.documents if d.id == first)
    assert f"<title>{headline}</title>" in page and f"<h1>{headline}</h1>" in page
    assert "<style>" in page and 'name="viewport"' in page
