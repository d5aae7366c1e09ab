"""The HTTP API and the page: a thin layer over ``summarize`` and the story store.

``create_app(options, db)`` builds the FastAPI app; ``storyline serve`` runs it
under uvicorn. Limits come from :class:`~storyline.options.Options` (``api_*``);
every limit answers with a 4xx and a one-line ``detail``. Summaries run in a small
pool of worker processes (``api_workers``, pebble), so the event loop stays free for
health checks and the page while the CPU works, and work past ``api_time_limit`` is
ended with its process (its memory released; a fresh worker takes its place): no
request can hold a worker longer than that.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import asynccontextmanager
from dataclasses import replace
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pebble import ProcessPool
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline.core import pipe, summarize
from storyline.data import Article
from storyline.dates import parse_since
from storyline.errors import StorylineError
from storyline.ingest.read import article_from_text, read_articles
from storyline.options import DEFAULTS, Options
from storyline.present import story_record
from storyline.render import render
from storyline.represent import get_embedder
from storyline.store import Store
from storyline.text import count_words

STATIC = files("storyline.web") / "static"
__version__ = version("storyline")
SERVE_SETTINGS = "STORYLINE_SERVE"  # JSON settings from `storyline serve` to its workers
SECURITY_HEADERS = {
    # The page builds every piece of article text with textContent; this policy is the
    # second wall: no inline script, nothing loaded from elsewhere.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
# The API docs pages start Swagger UI and ReDoc with an inline script and style; they
# show no article text, and still load nothing from elsewhere
DOCS_PAGES = ("/docs", "/redoc")
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
WORDS = (
    DEFAULTS.serve.api_min_words,
    DEFAULTS.serve.api_max_words,
)  # the word budgets a request may ask
MEDIA_TYPES = {  # each of render.BRIEF_FORMATS as an answer
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "text": "text/plain; charset=utf-8",
    "markdown": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


def app_from_environment() -> FastAPI:
    """The app as ``storyline serve`` configures it: each uvicorn worker process builds its
    own from the settings the command left in the environment."""
    settings = json.loads(os.environ.get(SERVE_SETTINGS, "{}"))
    allow = bool(settings.get("allow_private_urls", False))
    return create_app(settings.get("db"), allow_private_urls=allow)


class Document(BaseModel):
    """One source: exactly one of ``text``, ``html`` or ``url``."""

    model_config = ConfigDict(extra="forbid")
    id: str | None = Field(None, max_length=200, description="name used in citations")
    title: str | None = Field(None, max_length=1000)
    text: str | None = None
    html: str | None = None
    url: str | None = Field(None, max_length=2000, pattern=r"^https?://")

    @model_validator(mode="after")
    def _one_source(self) -> Document:
        given = [name for name in ("text", "html", "url") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of text, html or url")
        return self


class BriefRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    documents: list[Document] = Field(min_length=1)
    words: int = Field(DEFAULTS.words, ge=WORDS[0], le=WORDS[1], description="word budget")
    format: Literal["json", "jsonl", "text", "markdown", "html"] = Field(
        "json", description="as `storyline summarize --format`, byte for byte"
    )
    include_text: bool = Field(False, description="add each document's text (citations index it)")
    insights: bool = Field(False, description="add quotes, entities, timeline, disagreements")


def create_app(
    db: str | Path | None = None, *, options: Options = DEFAULTS, allow_private_urls: bool = False
) -> FastAPI:
    """The app. ``db`` is a story store for ``/v1/stories`` (None: those routes answer 404);
    submitted URLs may not reach private addresses unless ``allow_private_urls``."""
    options = options.with_(allow_private_urls=allow_private_urls)
    pools: dict[str, ProcessPool] = {}

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        pools["work"] = ProcessPool(
            max_workers=options.serve.api_workers,
            initializer=_warm,
            initargs=(options,),
            context=multiprocessing.get_context("spawn"),  # no fork of a threaded server
        )
        for _worker in range(options.serve.api_workers):  # start them now, not on a request
            pools["work"].schedule(_warm, (options,))
        yield
        pool = pools.pop("work")
        pool.stop()
        pool.join()

    app = FastAPIOffline(  # /docs and /redoc with their scripts served here, not a CDN's
        title="storyline",
        version=__version__,
        description="Many news articles about one story in, one short sourced brief out.",
        lifespan=lifespan,
    )
    app.add_middleware(
        BodyLimit, limit=options.serve.api_max_body_bytes, seconds=options.serve.api_body_seconds
    )
    app.add_middleware(PerClient, limit=options.serve.api_requests_per_client)

    async def run(work: Callable[..., Any], *args: Any) -> Any:
        """Run blocking work in a worker process within the request's time limit; past it
        the answer is 408 at once and the worker is ended (the pool starts another; the
        pool's own timeout is the backstop should this coroutine be gone)."""
        limit = options.serve.api_time_limit
        future = pools["work"].schedule(_answer, (work, *args), timeout=limit)
        try:
            kind, value = await asyncio.wait_for(asyncio.wrap_future(future), limit)
        except (TimeoutError, FutureTimeout):
            future.cancel()  # a running task's cancel ends its worker process
            raise HTTPException(
                408, f"took longer than the {options.serve.api_time_limit:g} s limit per request"
            ) from None
        if kind == "refused":
            raise HTTPException(*value)
        return value

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        """A malformed request: one line in ``detail``, as every other 4xx; each problem
        in ``errors`` as FastAPI gives it."""
        errors = jsonable_encoder(error.errors())
        return JSONResponse({"detail": _one_line(errors), "errors": errors}, 422)

    @app.middleware("http")
    async def security_headers(request, call_next):
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        if request.url.path in DOCS_PAGES:
            response.headers["Content-Security-Policy"] = DOCS_POLICY
        return response

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.post("/v1/briefs", response_model=None)
    async def briefs(request: BriefRequest) -> Response:
        """The brief of the documents in ``format``, as ``summarize --format`` prints it,
        with ``problems`` naming documents that could not be read (the rest are still
        used)."""
        if len(request.documents) > options.serve.api_max_documents:
            raise HTTPException(
                413,
                f"{len(request.documents)} documents; "
                f"the limit is {options.serve.api_max_documents}",
            )
        output = await run(_brief, request, options)
        return Response(output, media_type=MEDIA_TYPES[request.format])

    @app.get("/v1/stories")
    async def stories(
        since: Annotated[str | None, Query(description="2d, 12h, 1w or a date")] = None,
        min_articles: Annotated[int, Query(ge=1)] = 1,
        brief: bool = False,
        words: Annotated[int, Query(ge=WORDS[0], le=WORDS[1])] = DEFAULTS.words,
    ) -> list[dict[str, Any]]:
        """The store's stories, newest activity first; with ``brief=true``, each brief."""
        wanted = (_since(since), min_articles, brief)
        return await run(_stories, _store_path(db), options.with_(words=words), *wanted)

    @app.get("/v1/stories/{story_id}")
    async def story(
        story_id: int, words: Annotated[int, Query(ge=WORDS[0], le=WORDS[1])] = DEFAULTS.words
    ) -> dict[str, Any]:
        """One story with its brief; its documents carry their text for the page."""
        return await run(_story, _store_path(db), options.with_(words=words), story_id)

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(str(STATIC / "index.html"))

    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    return app


def _warm(options: Options) -> None:
    """A new worker process loads the sentence model before its first request."""
    get_embedder(options.embedder)


def _answer(work: Callable[..., Any], *args: Any) -> tuple[str, Any]:
    """Run ``work`` in a worker: ("ok", its value), or ("refused", (status, detail,
    headers)) for the HTTPException it raised (sent back as plain values)."""
    try:
        return "ok", work(*args)
    except HTTPException as refused:
        return "refused", (refused.status_code, refused.detail, refused.headers)


def _brief(request: BriefRequest, options: Options) -> str:
    options = options.with_(words=request.words, insights=request.insights)
    articles, problems = _articles(request.documents, options)
    if not articles:
        raise HTTPException(422, "no document could be read: " + "; ".join(problems))
    try:
        brief = summarize(articles, options=options)
    except StorylineError as err:
        raise HTTPException(422, str(err)) from None
    return render(brief, request.format, include_text=request.include_text, problems=problems)


def _one_line(errors: list[dict[str, Any]]) -> str:
    """'documents.0.url: String should match pattern ...; words: ...' from FastAPI's list."""
    lines = []
    for error in errors:
        where = ".".join(str(part) for part in error.get("loc", ())[1:])
        message = " ".join(str(error.get("msg", "invalid")).split())
        lines.append(f"{where}: {message}" if where else message)
    return "; ".join(lines) or "invalid request"


def _articles(documents: list[Document], options: Options) -> tuple[list[Article], list[str]]:
    """The documents as articles with unique ids, and a line for each one left out."""
    articles: list[Article] = []
    problems: list[str] = []
    for number, document in enumerate(documents, 1):
        name = document.id or document.url or f"doc-{number}"
        try:
            for article in _read(document, name, options):
                _check_words(article, options)
                articles.append(article)
        except StorylineError as err:
            problems.append(str(err))
    return _unique(articles), problems


def _read(document: Document, name: str, options: Options) -> list[Article]:
    """Text and HTML as given; a URL fetched under the server's address policy (never a
    file path: only http(s) URLs get here)."""
    if document.url is not None:
        found = list(read_articles([document.url], options))
        for item in found:
            if isinstance(item, StorylineError):
                raise item
        return [item for item in found if isinstance(item, Article)]  # all of them, by now
    body = document.text if document.text is not None else document.html
    assert body is not None  # Document._one_source: exactly one of text, html or url
    if not body.strip():
        raise StorylineError(name, "empty document")
    article = article_from_text(body, name, options=options, is_html=document.html is not None)
    return [replace(article, title=document.title or article.title)]


def _check_words(article: Article, options: Options) -> None:
    count = count_words(article.text)
    if count > options.serve.api_max_document_words:
        raise HTTPException(
            413,
            f"{article.id}: {count:,} words; the limit is "
            f"{options.serve.api_max_document_words:,} per document",
        )


def _unique(articles: list[Article]) -> list[Article]:
    seen: dict[str, int] = {}
    result = []
    for article in articles:
        seen[article.id] = seen.get(article.id, 0) + 1
        if seen[article.id] > 1:
            article = replace(article, id=f"{article.id}#{seen[article.id]}")
        result.append(article)
    return result


def _since(value: str | None) -> float | None:
    if value is None:
        return None
    when = parse_since(value)
    if when is None:
        raise HTTPException(400, f"since: expected 2d, 12h, 1w or a date, got {value!r}")
    return when


def _store_path(db: str | Path | None) -> str:
    if db is None:
        raise HTTPException(404, "no story store: start the server with --db FILE")
    return str(db)


def _stories(
    db: str, options: Options, since: float | None, min_articles: int, brief: bool
) -> list[dict[str, Any]]:
    with Store(db, options) as store:
        found = store.stories(since, min_articles)
        if not brief:
            return [story_record(story) for story in found]
        made = store.briefs(found, lambda clusters: list(pipe(clusters, options=options)))
        return [story_record(story, data) for story, data in made]


def _story(db: str, options: Options, story_id: int) -> dict[str, Any]:
    with Store(db, options) as store:
        found = store.story(story_id)
        if found is None:
            raise HTTPException(404, f"no story {story_id}")
        ((_, data),) = store.briefs([found], lambda clusters: list(pipe(clusters, options=options)))
        record = story_record(found, data)
        if record["brief"]:
            texts = {a.id: a.text for a in store.cluster(found).articles}
            for document in record["brief"]["documents"]:
                document["text"] = texts.get(document["id"], "")
        return record


class PerClient:
    """At most ``limit`` requests of one client address at once; more answer 429 at once
    (one client's slow or stuck requests cannot take every connection)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit
        self.active: dict[str, int] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        if self.active.get(client, 0) >= self.limit:
            detail = f"more than {self.limit} requests at once from {client}"
            await JSONResponse({"detail": detail}, 429)(scope, receive, send)
            return
        self.active[client] = self.active.get(client, 0) + 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.active[client] -= 1
            if not self.active[client]:
                del self.active[client]


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, whether or not they declare
    their length (a chunked body is counted as it arrives, and reading stops there), and
    bodies not received whole within ``seconds`` with 408 (a client sending a byte now and
    then holds a connection, not the server)."""

    def __init__(self, app: ASGIApp, limit: int, seconds: float) -> None:
        self.app, self.limit, self.seconds = app, limit, seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # "Connection: close": the unread rest of the body must not be taken for the next
        # request on this connection, and the client must not block sending it.
        close = {"Connection": "close"}
        too_large = HTTPException(413, f"request body larger than {self.limit:,} bytes", close)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            response = JSONResponse({"detail": too_large.detail}, 413, headers=close)
            await response(scope, receive, send)
            return
        seen, complete = 0, False
        deadline = asyncio.get_running_loop().time() + self.seconds
        too_slow = HTTPException(408, f"request body not received within {self.seconds:g} s", close)

        async def counted() -> Message:
            nonlocal seen, complete
            if complete:  # after the body: waiting for a disconnect is not slow
                return await receive()
            left = deadline - asyncio.get_running_loop().time()
            try:
                message = await asyncio.wait_for(receive(), max(left, 0.0))
            except TimeoutError:
                raise too_slow from None  # FastAPI passes HTTPExceptions from body reading
            seen += len(message.get("body", b""))
            complete = not message.get("more_body", False)
            if seen > self.limit:
                raise too_large
            return message

        await self.app(scope, counted, send)
