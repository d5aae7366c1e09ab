"""Fetch a URL with a real HTTP client: timeout, redirect limit and a size cap."""

from __future__ import annotations

import httpx

from storyline.errors import StorylineError
from storyline.options import Options

USER_AGENT = "storyline/0.1 (+news brief generator)"


def fetch(url: str, options: Options) -> tuple[bytes, str]:
    """Return the body and its content type; every failure becomes a one-line error."""
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=options.max_redirects,
                timeout=options.fetch_timeout,
                headers={"User-Agent": USER_AGENT},
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise StorylineError(url, f"HTTP {response.status_code} {response.reason_phrase}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > options.max_bytes:
                    raise StorylineError(url, f"larger than {options.max_bytes:,} bytes")
            return bytes(body), response.headers.get("content-type", "")
    except httpx.TooManyRedirects:
        raise StorylineError(url, f"more than {options.max_redirects} redirects") from None
    except httpx.TimeoutException:
        raise StorylineError(url, f"timed out after {options.fetch_timeout:g} s") from None
    except httpx.HTTPError as err:
        raise StorylineError(url, f"unreachable ({type(err).__name__}: {err})") from None
