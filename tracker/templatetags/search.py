"""Search results: a text cut around what was searched for, in parts to mark. No HTML."""

from __future__ import annotations

from django import template

from tracker.search import highlight

register = template.Library()


@register.filter
def search_snippet(text: str, terms: list[str]) -> str:
    """The part of a long text around the first word searched for."""
    return highlight.snippet(str(text or ""), terms)


@register.filter
def search_parts(text: str, terms: list[str]) -> list[highlight.Part]:
    """The text in parts: the template wraps the matched ones in <mark>, escaping all."""
    return highlight.highlighted(str(text or ""), terms)
