"""Template helpers for recruiting pages."""

from __future__ import annotations

import markdown
import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "a",
    "hr",
}


@register.filter
def markdown_safe(text: str) -> str:
    """Markdown → HTML, then sanitised by nh3: raw HTML and scripts never pass."""
    html = markdown.markdown(text or "", extensions=["sane_lists"])
    cleaned = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}}, link_rel="nofollow noopener"
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
