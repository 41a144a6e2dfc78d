"""The candidate list's resume snippets."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from recruiting.selectors.candidate_search import snippet_html

register = template.Library()


@register.filter
def resume_snippet(raw: str | None) -> SafeString:
    """A snippet from the search, escaped, with the matched words in <mark>."""
    return snippet_html(raw)
