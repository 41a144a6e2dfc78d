"""A list's filter fields in crispy-forms' Bootstrap 5 markup, written in Python (issue 22).

The candidate list shows nine filter fields on every visit, and crispy's field template (about
forty nested tags and includes a field) was a third of the page's time. `{{ field|filter_field }}`
writes the same markup for the kinds of field a filter form has (a box, a select, a pair of
range boxes under a legend), with its errors and help text, and leaves the widget's own HTML
to Django.
"""

from __future__ import annotations

from django import forms, template
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


def _widget_attrs(field: BoundField) -> dict[str, str]:
    widget = field.field.widget
    boxes = widget.widgets if isinstance(widget, forms.MultiWidget) else [widget]
    kind = "form-select" if isinstance(boxes[0], forms.Select) else "form-control"
    own = widget.attrs.get("class", "")
    attrs = {"class": f"{own} {kind}".strip()}
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_error"
    return attrs


def _errors(field: BoundField) -> SafeString:
    if not field.errors:
        return SafeString("")
    messages = format_html_join(
        "",
        '<p id="error_{}_{}"><strong>{}</strong></p>',
        ((number, field.auto_id, error) for number, error in enumerate(field.errors, 1)),
    )
    # d-block: Bootstrap shows .invalid-feedback only beside an invalid box, and a range's
    # boxes sit in a group of their own.
    return format_html(
        '<div id="{}_error" class="invalid-feedback d-block">{}</div>', field.auto_id, messages
    )


@register.filter
def filter_field(field: BoundField) -> SafeString:
    widget_html = field.as_widget(attrs=_widget_attrs(field))
    help_text = (
        format_html('<div class="form-text">{}</div>', field.help_text) if field.help_text else ""
    )
    if isinstance(field.field.widget, forms.MultiWidget):
        # Two boxes, each labelled by the widget: the field's label names the group.
        return format_html(
            '<div id="div_{}" class="mb-3"><fieldset><legend class="form-label fs-6">{}</legend>'
            "{}{}{}</fieldset></div>",
            field.auto_id,
            field.label,
            widget_html,
            _errors(field),
            help_text,
        )
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}</label>{}{}{}</div>',
        field.auto_id,
        field.id_for_label,
        field.label,
        widget_html,
        _errors(field),
        help_text,
    )
