"""Form widgets shared by the apps."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class QuickSelect(forms.Select):
    """A <select> whose options are written in Python rather than one template each.

    Django renders every <option> through a template; a filter listing a few hundred choices
    (every requisition, at scale) spends tens of milliseconds on that alone. Same markup,
    attributes and selection; no option groups.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = [option for _group, choices, _index in widget["optgroups"] for option in choices]
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (option["value"], " selected" if option["selected"] else "", option["label"])
                    for option in options
                ),
            ),
        )
