"""Template helpers for recruiting pages."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from backoffice.core.markdown import markdown_to_html

register = template.Library()


@register.filter
def markdown_safe(text: str) -> SafeString:
    """Markdown to HTML through the core's one sanitiser (`markdown_to_html`)."""
    return markdown_to_html(text)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
