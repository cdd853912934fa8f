"""Markdown for descriptions, notes and updates (SPEC §12, §19): rendered by markdown-it-py, sanitised by nh3.

Two locks, each enough on its own:

1. The parser never passes raw HTML through (``html=False``: ``<script>`` arrives as the text "<script>"), accepts
   link targets only through its own ``validateLink`` (no ``javascript:``/``data:``), and turns an image that is not
   one of this app's own attachments into a plain link, so it is never fetched.
2. Whatever the parser produced is then cleaned by nh3 (Ammonia) with the allow-list below, written once here:
   only these tags and attributes survive; ``href`` may be http, https, mailto or one of this app's own paths;
   ``src`` only ``/attachments/<id>/inline``; every link gets ``rel="noopener noreferrer"`` and opens in a new tab.

The source text is what is stored, searched and exported; the HTML is derived on demand and never stored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, lru_cache
from html import escape
from typing import cast

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from mdit_py_plugins.tasklists import tasklists_plugin

# ----- the allow-list ------------------------------------------------------------------------------------------
ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code"),
        *("strong", "em", "del", "s"),
        *("ul", "ol", "li", "label", "input"),
        *("table", "thead", "tbody", "tr", "th", "td"),
        *("a", "img"),
    }
)
ALLOWED_ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title"}),
    "ol": frozenset({"start"}),
}
# Attributes allowed only with one of these exact values.
ALLOWED_VALUES: Mapping[str, Mapping[str, frozenset[str]]] = {
    "input": {"checked": frozenset({"checked"}), "disabled": frozenset({"disabled"})},
}
# Attributes every such element gets, whatever it had: an <input> can only ever be a checkbox (a task-list item);
# a link always opens in a new tab (and gets rel="noopener noreferrer", LINK_REL).
FORCED_VALUES: Mapping[str, Mapping[str, str]] = {"input": {"type": "checkbox"}, "a": {"target": "_blank"}}
ALLOWED_CLASSES: Mapping[str, frozenset[str]] = {
    "ul": frozenset({"contains-task-list"}),
    "ol": frozenset({"contains-task-list"}),
    "li": frozenset({"task-list-item"}),
    "input": frozenset({"task-list-item-checkbox"}),
    "th": frozenset({"tt-align-left", "tt-align-center", "tt-align-right"}),
    "td": frozenset({"tt-align-left", "tt-align-center", "tt-align-right"}),
}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"
# Same-host paths a link may point to (an attachment's download or inline view, another ticket).
_LOCAL_HREF = re.compile(r"^/(?:attachments/[0-9]{1,18}(?:/inline)?|tickets/[0-9]{1,18})$")
# The only image source there is: an attachment of this app, served by its inline route.
_INLINE_IMAGE = re.compile(r"^/attachments/([0-9]{1,18})/inline$")
_ALIGN = re.compile(r"^text-align:(left|center|right)$")


def inline_image_url(attachment_id: int) -> str:
    """Where the inline view of an image attachment is served (the only ``src`` the sanitiser keeps)."""
    return f"/attachments/{int(attachment_id)}/inline"


def download_url(attachment_id: int) -> str:
    return f"/attachments/{int(attachment_id)}"


def image_reference(name: str, attachment_id: int) -> str:
    """The Markdown that shows an image attachment inline: ``![name](/attachments/12/inline)``."""
    return f"![{_label(name)}]({inline_image_url(attachment_id)})"


def file_reference(name: str, attachment_id: int) -> str:
    """The Markdown that links to an attachment's download: ``[name](/attachments/12)``."""
    return f"[{_label(name)}]({download_url(attachment_id)})"


def _label(name: str) -> str:
    """A file name as Markdown link text: brackets, backslashes and emphasis marks escaped, one line."""
    text = " ".join(name.split())
    return re.sub(r"([\\\[\]*_`<>!])", r"\\\1", text) or "file"


# ----- sanitising ----------------------------------------------------------------------------------------------
def _relative_url(url: str) -> str | None:
    return url if _LOCAL_HREF.match(url) or _INLINE_IMAGE.match(url) else None


def _attribute(tag: str, attr: str, value: str) -> str | None:
    if tag == "img" and attr == "src":
        return value if _INLINE_IMAGE.match(value) else None
    if tag == "ol" and attr == "start":
        return value if value.isdigit() and len(value) <= 9 else None
    return value


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        tag_attribute_values={
            tag: {attr: set(values) for attr, values in attrs.items()}
            for tag, attrs in ALLOWED_VALUES.items()
        },
        set_tag_attribute_values={tag: dict(attrs) for tag, attrs in FORCED_VALUES.items()},
        allowed_classes={tag: set(names) for tag, names in ALLOWED_CLASSES.items()},
        attribute_filter=_attribute,
        url_schemes=set(URL_SCHEMES),
        url_relative=_relative_url,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def sanitize(html: str) -> str:
    """Keep only what the allow-list allows (applying it twice changes nothing but attribute order); usable as NiceGUI's ``sanitize`` callable."""
    return _cleaner().clean(html)


# ----- rendering -----------------------------------------------------------------------------------------------
def _align_classes(state: object) -> None:
    """Table alignment arrives as ``style="text-align:…"``; styles are not allowed, so make it a class."""
    for token in getattr(state, "tokens", []):
        if token.type in ("th_open", "td_open"):
            style = token.attrGet("style")
            if style is not None:
                del token.attrs["style"]
                found = _ALIGN.match(str(style))
                if found:
                    token.attrSet("class", f"tt-align-{found.group(1)}")


def _local_only(md: MarkdownIt) -> None:
    """Images: only this app's attachments are shown; any other image becomes a link to it, never fetched.

    For HTML that leaves the app (the clipboard summary), this app's own images and links mean nothing: they
    become words ("[image: shot.png]", the link's text).
    """
    renderer = cast(RendererHTML, md.renderer)
    image_rule = renderer.rules["image"]

    def image(_self: object, tokens: list[Token], idx: int, options: object, env: object) -> str:
        token = tokens[idx]
        src = str(token.attrGet("src") or "")
        alt = escape(token.content or src)
        if _INLINE_IMAGE.match(src):
            return image_rule(tokens, idx, options, env) if _local(env) else f"[image: {alt}]"
        return f'<a href="{escape(src, quote=True)}">{alt}</a>'

    def link(_self: object, tokens: list[Token], idx: int, options: object, env: object) -> str:
        if not _local(env) and _is_local_link(tokens, idx):
            return ""
        return renderer.renderToken(tokens, idx, options, env)  # type: ignore[arg-type]

    md.add_render_rule("image", image)
    md.add_render_rule("link_open", link)
    md.add_render_rule("link_close", link)


def _is_local_link(tokens: list[Token], idx: int) -> bool:
    """Is this link_open/link_close token part of a link to one of this app's paths?"""
    if tokens[idx].type == "link_close":
        depth = 0
        for j in range(idx, -1, -1):
            depth += {"link_close": 1, "link_open": -1}.get(tokens[j].type, 0)
            if depth == 0:
                idx = j
                break
    return bool(_LOCAL_HREF.match(str(tokens[idx].attrGet("href") or "")))


def _local(env: object) -> bool:
    return not (isinstance(env, dict) and env.get("outside"))


@cache
def _parser(checkboxes: bool) -> MarkdownIt:
    # "breaks": a line break typed in a ticket stays a line break, as in GitHub comments (plain-text tickets written
    # before Markdown keep their look).
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "breaks": True, "typographer": False})
    md.enable(["table", "strikethrough", "linkify"])
    # Only addresses written with their scheme (https://…) and e-mail addresses become links: "fuzzy" matching
    # would turn file names such as setup.py or notes.md (real top-level domains) into links to strangers.
    if md.linkify is None:  # pragma: no cover - linkify-it-py is a dependency (markdown-it-py[linkify])
        raise RuntimeError("linkify-it-py is missing: pip install 'markdown-it-py[linkify]'")
    md.linkify.set({"fuzzy_link": False})
    md.use(tasklists_plugin, enabled=checkboxes, label=True)
    md.core.ruler.push("tt_align", _align_classes)
    _local_only(md)
    md.validateLink = _valid_link  # type: ignore[method-assign]
    return md


def _valid_link(url: str) -> bool:
    lowered = url.strip().lower()
    if ":" in lowered.split("/", 1)[0]:
        return lowered.split(":", 1)[0] in URL_SCHEMES
    return bool(_LOCAL_HREF.match(url) or _INLINE_IMAGE.match(url))


def render(source: str, *, checkboxes: bool = False, local: bool = True) -> str:
    """Markdown source → safe HTML.

    ``checkboxes``: task-list boxes can be clicked (the ticket page; elsewhere they are disabled).
    ``local=False``: the HTML will be read outside this app (e-mail), so this app's images and links become words.
    """
    if not source.strip():
        return ""
    if len(source) <= CACHED_UP_TO:
        return _render_cached(source, checkboxes, local)
    return _render(source, checkboxes, local)


# Pages re-render the same texts often (every change event, the minute refresh, each row's quick-info card), and
# the pure-Python parser costs about a millisecond per short text: remember the HTML of short texts (bounded:
# at most 4,096 entries of at most 4,000 characters each).
CACHED_UP_TO = 4000


def _render(source: str, checkboxes: bool, local: bool) -> str:
    return sanitize(_parser(checkboxes).render(source, {"outside": not local}))


@lru_cache(maxsize=4096)
def _render_cached(source: str, checkboxes: bool, local: bool) -> str:
    return _render(source, checkboxes, local)


# Text with none of these reads the same as Markdown or as plain text (pre-wrapped), so it needs no rendering.
_MARKUP = re.compile(r"[*_\[\]#`>|~<&!\\@]|://|^[ ]{0,3}(?:[-+=]|[0-9]{1,9}[.)])|^(?: {4}|\t)", re.MULTILINE)


def is_plain(source: str) -> bool:
    """True when ``source`` has no Markdown at all: showing it as text (line breaks kept) is the same as rendering
    it, and far cheaper (a dashboard page shows fifty of them)."""
    return not _MARKUP.search(source)


def parse(source: str) -> list[Token]:
    """The token stream (for the checklist model: it sees task items exactly as the renderer does)."""
    return _parser(False).parse(source)
