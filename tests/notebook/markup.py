"""Checking generated HTML: only our own tags, properly nested."""

from __future__ import annotations

from html.parser import HTMLParser

ALLOWED = {"style", "div", "span", "table", "thead", "tbody", "tr", "th", "td", "section", "h4", "details", "summary", "pre", "code"}


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.bad: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self.bad.append(f"<{tag}>")
        for name, _ in attrs:
            if name.startswith("on") or name not in ("class", "title", "colspan", "open"):
                self.bad.append(f"{tag}[{name}]")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.bad.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.stack or self.stack[-1] != "style":
            self.text.append(data)


def check_markup(html: str) -> str:
    """Assert ``html`` uses only our tags and attributes, balanced; return its visible text."""
    c = _Checker()
    c.feed(html)
    c.close()
    assert not c.bad, c.bad[:5]
    assert not c.stack, f"unclosed: {c.stack}"
    return "".join(c.text)
