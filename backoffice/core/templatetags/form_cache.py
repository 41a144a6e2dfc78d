"""Crispy forms rendered once per process where their HTML cannot change (issue 22).

Rendering a field through crispy-forms and Django's widget templates costs about a millisecond;
the empty note box, the file picker, the password change form render the same HTML on every
page. `{{ form|crispy_once }}` and `{{ form.field|as_crispy_field_once }}` keep that HTML for an
unbound form without an initial value or prefix, whose field has no queryset; anything else renders
as `crispy` and `as_crispy_field` do. A select whose choices are read from the database (a
ModelChoiceField) keeps only crispy's markup around the options: the options are read and written
on every page, as Django's select template writes them. Use them only for forms whose markup
depends on their class alone (no per-request labels or attributes set in `__init__`; a queryset
set there is fine).
"""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django import template
from django.forms import BaseForm, BoundField, ModelChoiceField, Select
from django.utils.html import format_html_join
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


# How templates/django/forms/widgets/select.html writes each option and closes the list.
_OPTION = '\n  <option value="{}"{}>{}</option>'
_CLOSE = "\n</select>"


def _model_select(field: BoundField) -> SafeString:
    """A ModelChoiceField's select: crispy's markup around it kept, the options written here
    from the database's rows (unbound and without an initial value, so the empty choice is the
    one selected, as Django marks it)."""
    key = ("select", type(field.form), field.name)
    # The query, as Django's widget runs it (list() of the iterator itself would count first).
    choices = list(iter(field.field.choices))
    if key not in _rendered:
        field.field.choices = choices  # rendered from these rows: the query runs once
        html = str(as_crispy_field(field))
        start, end = html.find("\n  <option"), html.find(_CLOSE)
        if not choices or start < 0 or end < start or html.count("<select") != 1:
            return mark_safe(html)  # noqa: S308 - crispy's own output
        _rendered[key] = (html[:start], html[end:])
    before, after = _rendered[key]
    selected = [None]  # only the first empty value is selected
    rows = ((value, _selected(value, selected), label) for value, label in choices)
    options = format_html_join("", _OPTION, rows)
    return mark_safe(before + options + after)  # noqa: S308 - crispy's and escaped parts


def _selected(value, selected: list) -> str:
    if selected[0] is None and str(value) == "":
        selected[0] = value
        return " selected"
    return ""


@register.filter
def as_crispy_field_once(field: BoundField) -> SafeString:
    form = field.form
    if form.is_bound or form.prefix or field.name in form.initial:
        return as_crispy_field(field)
    if hasattr(field.field, "queryset"):
        if (
            type(field.field) is ModelChoiceField
            and type(field.field.widget) is Select
            and field.field.initial is None
            and not field.errors
        ):
            return _model_select(field)
        return as_crispy_field(field)
    key = ("field", type(form), field.name)
    if key not in _rendered:
        _rendered[key] = str(as_crispy_field(field))
    return mark_safe(_rendered[key])  # noqa: S308 - crispy's own output, kept
