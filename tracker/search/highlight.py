"""The words of a search in a text: plain Python, no HTML (the template marks them)."""

from __future__ import annotations

import re
from dataclasses import dataclass

SNIPPET_CHARACTERS = 240


@dataclass(frozen=True)
class Part:
    text: str
    matched: bool


def search_terms(query: str) -> list[str]:
    """The words of a query, without quotes or duplicates, longest first."""
    words = {word.strip("\"'()+-*,.;:!?") for word in query.split()}
    return sorted((w for w in words if w), key=lambda w: (-len(w), w.lower()))


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    return re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)


def snippet(text: str, terms: list[str], length: int = SNIPPET_CHARACTERS) -> str:
    """Up to `length` characters of `text` around its first match, cut at words."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    start = max(0, (match.start() if match else 0) - length // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return ("… " if start else "") + text[start:end] + (" …" if end < len(text) else "")


def highlighted(text: str, terms: list[str]) -> list[Part]:
    """`text` in parts, each saying whether it is one of the words searched for."""
    pattern = _pattern(terms)
    if pattern is None or not text:
        return [Part(text, False)] if text else []
    parts: list[Part] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            parts.append(Part(text[position : match.start()], False))
        parts.append(Part(match.group(), True))
        position = match.end()
    if position < len(text):
        parts.append(Part(text[position:], False))
    return parts
