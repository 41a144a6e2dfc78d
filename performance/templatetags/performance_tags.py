from django import template

register = template.Library()


@register.filter
def dict_get(mapping: dict, key):
    """`mapping|dict_get:key` — a dictionary lookup with a variable key."""
    return mapping.get(key) if mapping else None
