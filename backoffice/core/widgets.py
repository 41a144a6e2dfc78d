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
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = {str(item) for item in self.format_value(value)}
        options = (
            (str(option), " selected" if str(option) in chosen else "", label)
            for option, label in self.choices
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(attrs),
            format_html_join("", '<option value="{}"{}>{}</option>', options),
        )
