"""Turning a saved HTML page into article text and metadata, with trafilatura.

trafilatura finds the main text of a page (dropping navigation, ads, share buttons,
cookie banners, footers, scripts) and reads the metadata a page declares in its
markup: title, author, date, site name, canonical URL. The extracted lines then go
through the same furniture rules as a raw text dump (`cleaning.clean_page`), so that
what a page keeps in its article column ("Advertisement", "Read more", photo
credits) is dropped the same way whatever form the page came in.

Nothing is fetched: the page is parsed from the string given, never from its URL.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import trafilatura
from trafilatura.utils import decode_file, load_html

from bot.engine.cleaning import CleanedPage, clean_page, fold


class HtmlPageError(ValueError):
    """An HTML page with no usable article text; the message says why."""


def _decode(data: str | bytes) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Let lxml and trafilatura read the page's declared charset.
        return decode_file(data)


def _page_language(html: str) -> str | None:
    """The language the page declares (`<html lang>`, then a content-language meta)."""
    root = load_html(html)
    if root is None:
        return None
    declared: list[Any] = [
        root.get("lang"),
        root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        *root.xpath(
            "//meta[translate(@http-equiv,'CONTENTLANGUAGE','contentlanguage')"
            "='content-language']/@content"
        ),
        *root.xpath("//meta[@property='og:locale']/@content"),
    ]
    for value in declared:
        if isinstance(value, str) and value.strip():
            primary = value.strip().replace("_", "-").split("-")[0].lower()
            if primary.isalpha() and 2 <= len(primary) <= 3:
                return primary
    return None


def _published(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def extract_html_page(data: str | bytes, url: str | None = None) -> CleanedPage:
    """The article text and metadata of one HTML page. Raises HtmlPageError.

    `url` is only a hint for the metadata (it is never fetched); the page's own
    canonical URL wins when it declares one.
    """
    html = _decode(data)
    if not html.strip():
        raise HtmlPageError("empty page")
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        # Only dates the markup declares, not any date the text happens to mention.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or isinstance(document, dict) or not (document.text or "").strip():
        raise HtmlPageError("no article text found in the HTML page (only page furniture)")
    title = _clean(document.title)
    # The headline first, so that the furniture rules drop its repeats from the body.
    text = f"{title}\n{document.text}" if title else document.text or ""
    page = clean_page(text)
    paragraphs = [p for p in page.paragraphs if not title or fold(p) != fold(title)]
    if not paragraphs:
        raise HtmlPageError("no article text found in the HTML page (only page furniture)")
    return CleanedPage(
        title=title or page.title,
        paragraphs=paragraphs,
        published=_published(document.date) or page.published,
        byline=_clean(document.author) or page.byline,
        outlet=_clean(document.sitename) or page.outlet,
        original_source=page.original_source,
        dropped=page.dropped,
        url=_clean(document.url) or url,
        language=_page_language(html),
    )
