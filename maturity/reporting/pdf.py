"""The PDF report: Jinja templates and CSS from reports/, rendered by WeasyPrint with a fetcher that serves only them.

User text (enterprise name, comments, trimming reasons) reaches the page only through autoescaped template
expressions: never into CSS, never into a URL. The fetcher refuses every URL that is not a packaged file
under reports/, so even a payload that slipped through could fetch nothing.
"""

from __future__ import annotations

import ctypes.util
import gc
import logging
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from maturity.domain.answers import AnswerSet
from maturity.domain.benchmarks import ReferenceData
from maturity.domain.result import ScoreResult
from maturity.resources import resource_dir

from .context import build_context

log = logging.getLogger(__name__)

TEMPLATE = "report.html"
STYLESHEET = "report.css"


def harfbuzz_subset_available() -> bool:
    """Whether libharfbuzz-subset is installed (WeasyPrint subsets fonts with it; without it PDFs grow)."""
    return ctypes.util.find_library("harfbuzz-subset") is not None


def warn_if_harfbuzz_subset_missing(logger: logging.Logger = log) -> bool:
    """Log a warning when libharfbuzz-subset0 is missing; returns whether it is present. Call at app start."""
    present = harfbuzz_subset_available()
    if not present:
        logger.warning("libharfbuzz-subset0 is missing: PDF reports will be slower and larger "
                       "(install it with: apt-get install libharfbuzz-subset0)")
    return present


warn_if_harfbuzz_subset_missing()

# WeasyPrint is imported after the check so that the check's warning comes first in the log.
from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402


class RefusedURL(ValueError):
    """A URL outside the packaged report files."""


class ReportFetcher(URLFetcher):
    """Serves files under the reports/ folder, and the current report's charts, and nothing else."""

    def __init__(self, root: Path | None = None):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.root = (root or resource_dir("reports")).resolve()
        self.generated: dict[Path, bytes] = {}  # reports/generated/NAME → bytes, while a report renders

    @contextmanager
    def serving(self, files: Mapping[str, str]) -> Iterator[None]:
        """Serve `files` ({name: SVG text}) as reports/generated/NAME during the block (one render)."""
        self.generated = {self.root / "generated" / name: text.encode() for name, text in files.items()}
        try:
            yield
        finally:
            self.generated = {}

    def resolve(self, url: str) -> Path:
        """The packaged file a URL names, or RefusedURL."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"report fetcher refuses {url!r}: only packaged report files are served")
        path = Path(unquote(parts.path)).resolve()
        if path in self.generated:
            return path
        if not path.is_relative_to(self.root) or not path.is_file():
            raise RefusedURL(f"report fetcher refuses {url!r}: not a file under {self.root}")
        return path

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        """Return the packaged file's bytes; refuse anything else."""
        path = self.resolve(url)
        if path in self.generated:
            return URLFetcherResponse(path.as_uri(), self.generated[path], {"Content-Type": "image/svg+xml"})
        mime = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png",
                ".otf": "font/otf", ".ttf": "font/ttf", ".woff2": "font/woff2",
                }.get(path.suffix, "application/octet-stream")
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})


@lru_cache(maxsize=4)
def environment(root: Path) -> Environment:
    """The Jinja environment of a reports folder: autoescaped, strict about undefined names."""
    return Environment(loader=FileSystemLoader(str(root)), autoescape=select_autoescape(["html"], default=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


_local = threading.local()


def _renderer(root: Path) -> tuple[FontConfiguration, CSS, ReportFetcher]:
    """One FontConfiguration, parsed stylesheet and fetcher per thread and reports folder (never shared)."""
    cached = getattr(_local, "renderer", None)
    if cached is None or cached[0] != root:
        fetcher = ReportFetcher(root)
        fonts = FontConfiguration()
        css = CSS(filename=str(root / STYLESHEET), url_fetcher=fetcher, font_config=fonts)
        cached = _local.renderer = (root, fonts, css, fetcher)
    return cached[1], cached[2], cached[3]


def warm_up(root: Path | None = None) -> None:
    """Load this thread's fonts and stylesheet now, so that a long-lived worker pays for them once, at start."""
    _renderer((root or resource_dir("reports")).resolve())


def css_string(value: str) -> str:
    """A CSS string literal; only for our own label text, never for user input."""
    escaped = "".join(ch if ch.isalnum() or ch in " /:.-" else f"\\{ord(ch):x} " for ch in value)
    return f'"{escaped}"'


def page_footer(template: str) -> Markup:
    """CSS `content` for the footer label, e.g. "第 {page} 页 / 共 {pages} 页" with live counters."""
    before, rest = template.split("{page}", 1)
    middle, after = rest.split("{pages}", 1)
    parts = [css_string(before), "counter(page)", css_string(middle), "counter(pages)", css_string(after)]
    return Markup(" ".join(p for p in parts if p != '""'))


def render_html(context: dict[str, Any], root: Path | None = None) -> str:
    """The report's HTML for a view model (useful to debug the template in a browser)."""
    root = (root or resource_dir("reports")).resolve()
    return environment(root).get_template(TEMPLATE).render(page_footer=page_footer(context["t"]["page"]), **context)


def _load_malloc_trim() -> Any:
    """glibc's malloc_trim, or None elsewhere (musl, macOS)."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_malloc_trim = _load_malloc_trim()


def _give_back_freed_memory() -> None:
    """Hand freed heap pages back to the system after a render.

    Without it a long-lived worker keeps the high-water mark of every report in freed but unreturned arenas,
    and fragmentation lets its RSS creep up over a batch of hundreds of reports.
    """
    if _malloc_trim is not None:
        _malloc_trim(0)


_gc_lock = threading.Lock()
_gc_holds = 0
_gc_was_enabled = True


@contextmanager
def _collect_afterwards() -> Iterator[None]:
    """Pause the cyclic GC while rendering, then collect once.

    A render allocates hundreds of thousands of short-lived objects; generational collections in the
    middle of it cost about a third of the time and free little, while the reference cycles WeasyPrint
    leaves behind (holding font memory) are only freed by a full collection at the end. Counted, so
    concurrent renders in threads keep the GC paused until the last one finishes.
    """
    global _gc_holds, _gc_was_enabled
    with _gc_lock:
        _gc_holds += 1
        if _gc_holds == 1:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holds -= 1
            last = _gc_holds == 0
            if last and _gc_was_enabled:
                gc.enable()
        if last:
            gc.collect()
            _give_back_freed_memory()


def html_to_pdf(html: str, *, root: Path | None = None, fetcher: ReportFetcher | None = None,
                files: Mapping[str, str] | None = None) -> bytes:
    """Render report HTML to PDF bytes with the packaged stylesheet and the restricted fetcher.

    `files` ({name: SVG text}) are served to the page as generated/NAME.
    """
    root = (root or resource_dir("reports")).resolve()
    fonts, css, default_fetcher = _renderer(root)
    fetcher = fetcher or default_fetcher
    with _collect_afterwards(), fetcher.serving(files or {}):
        document = HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher)
        pdf = document.write_pdf(stylesheets=[css], font_config=fonts)
        del document
    return pdf


def build_report(result: ScoreResult, questionnaire: Any, *, answers: AnswerSet,
                 enterprise: Mapping[str, Any] | None = None, lang: str = "zh",
                 generated_on: date | datetime | str | None = None,
                 reference: ReferenceData | None = None, fetcher: ReportFetcher | None = None,
                 appendix: bool = False) -> bytes:
    """The PDF report of a scored assessment, in Chinese ("zh") or English ("en"); `appendix` adds every answer."""
    if reference is None:
        from maturity.reference import shipped_reference
        reference = shipped_reference()
    # The charts and the view model allocate heavily too: keep the GC paused from here to the end.
    with _collect_afterwards():
        context = build_context(result, questionnaire, answers=answers, enterprise=enterprise,
                                reference=reference, lang=lang, generated_on=generated_on or date.today(),
                                appendix=appendix)
        return html_to_pdf(render_html(context), fetcher=fetcher, files=context["chart_files"])
