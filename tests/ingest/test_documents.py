"""PDF and Word files are read like any article; other binary files are named, not guessed."""

from __future__ import annotations

import json

import docx
import pytest

from storyline import DEFAULTS, StorylineError
from storyline.ingest.read import article_from_bytes


def pdf_of(paragraphs: list[str]) -> bytes:
    """A real PDF with a text layer: one page, a line of Helvetica for each paragraph."""
    lines = " ".join(
        f"BT /F1 10 Tf 40 {780 - 14 * n} Td ({_escaped(p)}) Tj ET" for n, p in enumerate(paragraphs)
    ).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(lines) + lines + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def docx_of(paragraphs: list[str], path) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(path)
    return path.read_bytes()


PARAGRAPHS = [
    "Kerry met Putin in Sochi on Tuesday for their first talks in two years.",
    "The two men discussed Ukraine, Syria and the Iran nuclear negotiations.",
]


def test_a_pdf_reads_as_its_text():
    article = article_from_bytes(pdf_of(PARAGRAPHS), "brief.pdf", DEFAULTS)
    assert all(p in " ".join(article.text.split()) for p in PARAGRAPHS)


def test_a_word_file_reads_as_its_paragraphs(tmp_path):
    article = article_from_bytes(docx_of(PARAGRAPHS, tmp_path / "a.docx"), "a.docx", DEFAULTS)
    assert article.text.splitlines() == PARAGRAPHS


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "unsupported file type (.png): give text"),
        (b"%PDF-1.4\n garbage", "unreadable PDF"),
        (b"PK\x03\x04 word/document.xml garbage", "unreadable Word file"),
    ],
)
def test_other_binary_files_are_named_in_one_line(data, said):
    with pytest.raises(StorylineError) as raised:
        article_from_bytes(data, "picture.png", DEFAULTS)
    assert said in str(raised.value) and "\n" not in str(raised.value)


def test_a_folder_with_pdf_word_and_an_image_is_briefed_and_the_image_named(cli, example, tmp_path):
    texts = [p.read_text(encoding="utf-8") for p in sorted(example.iterdir())]
    (tmp_path / "a.txt").write_text(texts[0], encoding="utf-8")
    # Helvetica in a hand-made PDF speaks Latin-1: dashes and curly quotes made plain
    plain = texts[4].translate(str.maketrans("–—‘’“”", "--''\"\"")).replace("…", "...")
    paragraphs = [line for line in plain.splitlines() if len(line.split()) > 12 and line.isascii()]
    (tmp_path / "b.pdf").write_bytes(pdf_of(paragraphs))
    docx_of([line for line in texts[2].splitlines() if line.strip()], tmp_path / "c.docx")
    (tmp_path / "d.xyz").write_bytes(b"\x00\x01\x02" * 100)
    result = cli("summarize", str(tmp_path), "--format", "json")
    assert result.returncode == 1  # one input failed: said, and the others briefed
    (said,) = result.stderr.decode().splitlines()
    assert said.startswith("storyline: error: ") and said.endswith(
        "d.xyz: unsupported file type (.xyz): give text, HTML, PDF or DOCX"
    )
    brief = json.loads(result.stdout)
    cited = {c["document"] for s in brief["sentences"] for c in s["citations"]}
    assert {"b.pdf", "c.docx"} <= cited
