"""Crispy forms rendered once per process where their HTML cannot change (issue 22).

Rendering a field through crispy-forms and Django's widget templates costs about a millisecond;
the empty note box, the file picker, the password change form render the same HTML on every
page. `{{ form|crispy_once }}` and `{{ form.field|as_crispy_field_once }}` keep that HTML for an
unbound form without an initial value or prefix, whose field has no queryset (choices read from the
database are rendered every time); anything else renders as `crispy` and `as_crispy_field` do.
Use them only for forms whose markup depends on their class alone (no per-request labels,
attributes or choices set in `__init__`).
"""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django import template
from django.forms import BaseForm, BoundField
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_rendered: dict[tuple, str] = {}


def _constant(form: BaseForm) -> bool:
    return not form.is_bound and not form.initial and not form.prefix


@register.filter
def crispy_once(form: BaseForm) -> SafeString:
    if not _constant(form) or any(hasattr(field, "queryset") for field in form.fields.values()):
        return as_crispy_form(form)
    key = ("form", type(form))
    if key not in _rendered:
        _rendered[key] = str(as_crispy_form(form))
    return mark_safe(_rendered[key])  # noqa: S308 - crispy's own output, kept


@register.filter
def as_crispy_field_once(field: BoundField) -> SafeString:
    form = field.form
    if (
        form.is_bound
        or form.prefix
        or field.name in form.initial
        or hasattr(field.field, "queryset")
    ):
        return as_crispy_field(field)
    key = ("field", type(form), field.name)
    if key not in _rendered:
        _rendered[key] = str(as_crispy_field(field))
    return mark_safe(_rendered[key])  # noqa: S308 - crispy's own output, kept
