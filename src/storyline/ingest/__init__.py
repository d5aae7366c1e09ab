"""Stage 1, ingest: read sources (files, folders, URLs, cluster files) and clean them."""

from storyline.ingest.clean import clean, cleaner
from storyline.ingest.read import article_from_bytes, count_clusters, read_inputs

__all__ = ["article_from_bytes", "clean", "cleaner", "count_clusters", "read_inputs"]
