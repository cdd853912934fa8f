"""Fifty XSS payloads: each would run ``alert`` or add an element (or a request to another host) if rendered as HTML.

Mixed vectors: raw tags, attribute break-outs, event handlers, URL schemes, Vue/Quasar template syntax (NiceGUI
renders with Vue), encodings and parser quirks. Each carries its number so a failure names the payload.
"""

from __future__ import annotations

_VECTORS = [
    "<script>alert({n})</script>",
    "<img src=x onerror=alert({n})>",
    '<img src="http://evil.example/{n}.png">',
    '"><svg onload=alert({n})>',
    "'><script>alert({n})</script>",
    "<iframe src=javascript:alert({n})></iframe>",
    "<body onload=alert({n})>",
    "<details open ontoggle=alert({n})>",
    "<a href=javascript:alert({n})>click</a>",
    "{{{{constructor.constructor('alert({n})')()}}}}",
    "{{{{ $el.ownerDocument.defaultView.alert({n}) }}}}",
    "<div v-html=\"'<img src=x onerror=alert({n})>'\"></div>",
    "${{alert({n})}}",
    "<svg><script>alert({n})</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert({n})>",
    "<object data=javascript:alert({n})>",
    "<embed src=javascript:alert({n})>",
    "<input autofocus onfocus=alert({n})>",
    "<style>@import 'http://evil.example/{n}.css';</style>",
    "<link rel=stylesheet href=http://evil.example/{n}.css>",
    "&lt;img src=x onerror=alert({n})&gt;",
    "\\u003cimg src=x onerror=alert({n})\\u003e",
    "<scr<script>ipt>alert({n})</scr</script>ipt>",
    "</textarea><script>alert({n})</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert({n})>">',
]
PAYLOADS = [v.format(n=n) for n in range(2) for v in _VECTORS]
PAYLOADS = [f"{p} #{i}" for i, p in enumerate(PAYLOADS)]
assert len(PAYLOADS) == 50 and len(set(PAYLOADS)) == 50
