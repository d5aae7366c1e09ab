"""Stage 1, ingest: read sources (files, folders, URLs, cluster files) and clean them."""

from storyline.ingest.clean import clean
from storyline.ingest.read import article_from_bytes, read_inputs

__all__ = ["article_from_bytes", "clean", "read_inputs"]
