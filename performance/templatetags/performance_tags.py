from django import template

register = template.Library()


@register.filter
def dict_get(mapping: dict, key):
    """`mapping|dict_get:key` — a dictionary lookup with a variable key."""
    return mapping.get(key) if mapping else None


@register.filter
def prompt_for(question, author: str) -> str:
    """`question|prompt_for:"self"` — the question as the employee or the manager reads it."""
    return question.prompt_for(author)
