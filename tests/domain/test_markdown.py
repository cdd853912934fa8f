"""Markdown rendering and the allow-list: what a person writes shows up formatted; nothing else gets through."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.reliability.payloads import PAYLOADS
from tickettracker.domain import markdown
from tickettracker.domain.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_CLASSES,
    ALLOWED_TAGS,
    ALLOWED_VALUES,
    render,
    sanitize,
)


class _Elements(HTMLParser):
    """Every start tag with its attributes, as the browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    p = _Elements()
    p.feed(html)
    p.close()
    return p.found


def assert_allowed(html: str) -> None:
    """Only allow-listed tags, attributes and values; links and images as the module docstring promises."""
    for tag, attrs in elements(html):
        assert tag in ALLOWED_TAGS, (tag, html)
        for name, value in attrs.items():
            value = value or ""
            if name == "class":
                assert set(value.split()) <= ALLOWED_CLASSES.get(tag, frozenset()), (tag, value)
            elif tag == "a" and name == "rel":
                assert value == "noopener noreferrer"
            elif name in markdown.FORCED_VALUES.get(tag, {}):
                assert value == markdown.FORCED_VALUES[tag][name], (tag, name, value)
            elif name in ALLOWED_VALUES.get(tag, {}):
                assert value in ALLOWED_VALUES[tag][name], (tag, name, value)
            else:
                assert name in ALLOWED_ATTRIBUTES.get(tag, frozenset()), (tag, name, html)
            assert not name.startswith("on") and name != "style"
        if tag == "a" and "href" in attrs:
            href = attrs["href"] or ""
            assert href.split(":", 1)[0] in ("http", "https", "mailto") or href.startswith(
                ("/attachments/", "/tickets/")
            ), href
            assert not href.startswith("//")
        if tag == "img":
            src = attrs.get("src") or ""
            assert src == "" or (src.startswith("/attachments/") and src.endswith("/inline")), src


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("**bold** and *it*", "<p><strong>bold</strong> and <em>it</em></p>"),
        ("~~gone~~", "<p><s>gone</s></p>"),
        ("# Title", "<h1>Title</h1>"),
        ("line one\nline two", "<p>line one<br>\nline two</p>"),
        ("`code`", "<p><code>code</code></p>"),
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
        ("3. three", '<ol start="3">\n<li>three</li>\n</ol>'),
        (
            "see https://example.com",
            '<p>see <a href="https://example.com" target="_blank" rel="noopener noreferrer">'
            "https://example.com</a></p>",
        ),
        (
            "[mail](mailto:ana@example.com)",
            '<p><a href="mailto:ana@example.com" target="_blank" rel="noopener noreferrer">mail</a></p>',
        ),
        (
            "[ticket 4](/tickets/4)",
            '<p><a href="/tickets/4" target="_blank" rel="noopener noreferrer">ticket 4</a></p>',
        ),
        ("![shot](/attachments/7/inline)", '<p><img src="/attachments/7/inline" alt="shot"></p>'),
        ("<b>raw</b>", "<p>&lt;b&gt;raw&lt;/b&gt;</p>"),
        ("", ""),
    ],
)
def test_renders(source: str, expected: str) -> None:
    assert render(source).strip() == expected


@pytest.mark.parametrize("words", ["setup.py and notes.md", "www.example.com", "0.AC", "v1.2.sh"])
def test_file_names_and_bare_domains_are_not_links(words: str) -> None:
    assert render(words) == f"<p>{words}</p>\n"


def test_table_alignment_becomes_a_class_not_a_style() -> None:
    html = render("| a | b |\n|:-:|--:|\n| 1 | 2 |")
    assert '<th class="tt-align-center">a</th>' in html
    assert '<td class="tt-align-right">2</td>' in html
    assert "style" not in html


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
        ("[x](JaVaScRiPt:alert(1))", "[x](JaVaScRiPt:alert(1))"),
        ("[x](data:text/html,hi)", "[x](data:text/html,hi)"),
        ("[x](vbscript:msgbox)", "[x](vbscript:msgbox)"),
        ("[x](file:///etc/passwd)", "[x](file:///etc/passwd)"),
        ("[x](//evil.example/x)", "[x](//evil.example/x)"),
        ("[x](/settings)", "[x](/settings)"),
        ("![x](data:image/png;base64,AAAA)", "![x](data:image/png;base64,AAAA)"),
    ],
)
def test_refused_links_stay_as_text(source: str, shown: str) -> None:
    html = render(source)
    assert "<a" not in html and "<img" not in html
    assert shown in html


def test_an_image_from_another_host_becomes_a_link_and_is_never_loaded() -> None:
    html = render("![logo](http://evil.example/logo.png)")
    assert "<img" not in html
    assert '<a href="http://evil.example/logo.png" target="_blank" rel="noopener noreferrer">logo</a>' in html


def test_the_sanitiser_alone_holds_the_line() -> None:
    """Even HTML that never came from the parser is reduced to the allow-list."""
    dirty = (
        '<p style="color:red" onclick="x()">a</p><img src="http://evil.example/a.png" onerror="x()">'
        '<img src="/attachments/3/inline"><a href="//evil.example">b</a><a href="javascript:x()">c</a>'
        '<input type="text" value="v"><iframe src="/"></iframe><script>x()</script><svg><a href="x">d</a></svg>'
        '<a href="/attachments/3" rel="opener" target="_self">e</a>'
    )
    clean = sanitize(dirty)
    assert_allowed(clean)
    link = {"target": "_blank", "rel": "noopener noreferrer"}
    assert elements(clean) == [
        ("p", {}),
        ("img", {}),
        ("img", {"src": "/attachments/3/inline"}),
        ("a", link),
        ("a", link),
        ("input", {"type": "checkbox"}),
        ("a", {"href": "/attachments/3", **link}),
    ]
    assert "x()" not in clean
    assert elements(sanitize(clean)) == elements(clean)


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("checkboxes", [False, True])
def test_every_reliability_payload_renders_as_text(payload: str, checkboxes: bool) -> None:
    for source in (payload, f"- [ ] {payload}\n\n| {payload} |\n|---|\n| x |", f"[{payload}]({payload})"):
        html = render(source, checkboxes=checkboxes)
        assert_allowed(html)
        tags = {tag for tag, _ in elements(html)}
        assert not tags & {"script", "iframe", "object", "embed", "svg", "math", "style", "link", "body"}
        assert "evil.example" not in "".join(str(a.get("src")) for _, a in elements(html))


@given(st.text(alphabet=st.sampled_from(list("<>/=\"' []()!*_`#|-:\n\tajsvcriptonerorxhf.1")), max_size=120))
@settings(max_examples=300, deadline=None)
def test_any_text_gives_allowed_html_only(source: str) -> None:
    assert_allowed(render(source, checkboxes=True))


def test_checkboxes_are_disabled_unless_asked_for() -> None:
    assert 'disabled="disabled"' in render("- [ ] a")
    assert "disabled" not in render("- [ ] a", checkboxes=True)
    assert render("- [x] done").count('checked="checked"') == 1


def test_outside_the_app_attachment_images_and_links_become_words() -> None:
    html = render("![shot.png](/attachments/7/inline) [log](/attachments/8)", local=False)
    assert "<img" not in html and "<a" not in html
    assert "[image: shot.png]" in html and "log" in html


@pytest.mark.parametrize(
    ("name", "reference"),
    [
        ("shot.png", "![shot.png](/attachments/12/inline)"),
        ("a [b] *c*.png", "![a \\[b\\] \\*c\\*.png](/attachments/12/inline)"),
        ("", "![file](/attachments/12/inline)"),
    ],
)
def test_image_reference(name: str, reference: str) -> None:
    assert markdown.image_reference(name, 12) == reference
    assert '<img src="/attachments/12/inline"' in render(reference)


@pytest.mark.parametrize(
    ("source", "plain"),
    [
        ("Printer on fire, floor 2.\nCall Ana (ext. 12) today?", True),
        ("It costs 3.50 EUR", True),
        ("**bold**", False),
        ("- item", False),
        ("1. first", False),
        ("Title\n===", False),
        ("see https://example.com", False),
        ("ana@example.com", False),
        ("    code", False),
        ("a <b>", False),
        ("a & b", False),
        ("[x] done", False),
    ],
)
def test_is_plain(source: str, plain: bool) -> None:
    assert markdown.is_plain(source) == plain


@given(st.text(alphabet=st.sampled_from(list("abc XYZ,.;:'?()1234567890\n-+=/%")), max_size=80))
@settings(max_examples=300, deadline=None)
def test_plain_text_renders_as_itself(source: str) -> None:
    """What is_plain lets through shows the same words whether rendered or shown as text."""
    if not markdown.is_plain(source) or not source.strip():
        return
    from html import unescape

    shown = unescape(re.sub(r"<[^>]+>", " ", render(source)))
    assert shown.split() == source.split()
