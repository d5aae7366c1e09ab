"""The web layer: an HTTP API and a page over the same Python API (``storyline serve``)."""

from storyline.web.app import create_app

__all__ = ["create_app"]
