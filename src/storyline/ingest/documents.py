"""The text of PDF and Word (.docx) files, told by their first bytes, not their names.

pypdf reads a PDF's text layer page by page and python-docx a Word file's paragraphs; the
text then goes through the same cleaning as any other. Both are bounded: at most
``max_document_pages`` pages of a PDF, and a Word file whose text unpacks to more than
100 times its size is refused before it is unpacked.
"""

from __future__ import annotations

import io
import logging
import zipfile

from storyline.errors import StorylineError
from storyline.ingest.bounded import MAX_RATIO
from storyline.options import Options

_WORD_BODY = "word/document.xml"


def kind_of(data: bytes) -> str | None:
    """ "pdf", "docx", or None for anything else."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and _WORD_BODY.encode() in data[:65536] + data[-65536:]:
        return "docx"
    return None


def document_text(data: bytes, kind: str, source: str, options: Options) -> str:
    """The text of a PDF or Word file, paragraphs on lines of their own."""
    text = _pdf_text(data, source, options) if kind == "pdf" else _docx_text(data, source)
    if not text.strip():
        what = "a PDF without a text layer (a scan?)" if kind == "pdf" else "an empty document"
        raise StorylineError(source, what)
    return text


def _pdf_text(data: bytes, source: str, options: Options) -> str:
    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not the user's
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise StorylineError(source, "an encrypted PDF")
        pages = reader.pages[: options.ingest.max_document_pages]
        return "\n\n".join(page.extract_text() or "" for page in pages)
    except StorylineError:
        raise
    except Exception as err:  # pypdf raises many kinds on a damaged file
        raise StorylineError(source, f"unreadable PDF ({type(err).__name__})") from None


def _docx_text(data: bytes, source: str) -> str:
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_RATIO * len(data):
            raise StorylineError(source, f"unpacks to more than {MAX_RATIO} times its size")
        document = docx.Document(io.BytesIO(data))
    except StorylineError:
        raise
    except Exception as err:  # a damaged archive or XML
        raise StorylineError(source, f"unreadable Word file ({type(err).__name__})") from None
    return "\n".join(paragraph.text for paragraph in document.paragraphs)
