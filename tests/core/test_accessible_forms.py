"""Forms announce their errors and say which fields are required, in words (issue 24, point 3).

The site renders forms three ways: crispy's whole form (`|crispy`, `{% crispy %}`), crispy one
field at a time (`|as_crispy_field`), and Django's own lists (`{{ form.non_field_errors }}`).
Each is checked here as a screen reader would meet it: the error summary is an alert, each
field in error says so (aria-invalid) and points at its message (aria-describedby), and a
required field says "(required)" in its label and carries `required`.
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.template import Context, Template

from backoffice.core.widgets import RangeBoxes


class ContactForm(forms.Form):
    name = forms.CharField(label="Full name")
    email = forms.EmailField(label="Email", help_text="We write to this address.")
    note = forms.CharField(label="Note", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") == "Nobody":
            raise forms.ValidationError("This person may not apply.")
        return cleaned


def _render(source: str, **context) -> str:
    return Template("{% load crispy_forms_tags %}" + source).render(Context(context))


def _tag(html: str, element_id: str) -> str:
    match = re.search(rf'<(input|select|textarea)[^>]*\bid="{element_id}"[^>]*>', html)
    assert match, f"no element with id {element_id}"
    return match.group(0)


def _described_text(html: str, tag: str) -> str:
    """The text of the elements an input's aria-describedby names (all must exist)."""
    ids = re.search(r'aria-describedby="([^"]+)"', tag).group(1).split()
    texts = []
    for element_id in ids:
        match = re.search(rf'id="{element_id}"[^>]*>(.*?)</div>', html, re.S)
        assert match, f"aria-describedby names {element_id}, which is not on the page"
        texts.append(re.sub(r"<[^>]+>", " ", match.group(1)))
    return " ".join(" ".join(texts).split())


def test_a_field_in_error_is_marked_invalid_and_described_by_its_message():
    form = ContactForm({"name": "Ann", "email": "not-an-address"})
    html = _render("{{ form.email|as_crispy_field }}", form=form)
    tag = _tag(html, "id_email")
    assert 'aria-invalid="true"' in tag
    described = _described_text(html, tag)
    assert "Enter a valid email address." in described
    assert "We write to this address." in described


def test_the_error_summary_of_a_crispy_form_is_an_alert_linking_to_each_field():
    form = ContactForm({"name": "", "email": "x"})
    html = _render("{{ form|crispy }}", form=form)
    summary = re.search(r"<div[^>]*data-error-summary[^>]*>(.*?)</div>", html, re.S)
    assert summary, html
    assert 'role="alert"' in summary.group(0)
    assert 'tabindex="-1"' in summary.group(0)
    assert '<a href="#id_name">Full name: This field is required.</a>' in summary.group(1)
    assert '<a href="#id_email">Email: Enter a valid email address.</a>' in summary.group(1)


def test_a_form_wide_error_is_announced_however_the_form_is_rendered():
    form = ContactForm({"name": "Nobody", "email": "nobody@example.com"})
    crispy = _render("{{ form|crispy }}", form=form)
    assert re.search(r'role="alert"[^>]*>.*This person may not apply\.', crispy, re.S)
    plain = str(form.non_field_errors())
    assert plain.startswith('<div role="alert" tabindex="-1" data-error-summary>')
    assert "This person may not apply." in plain


def test_a_field_error_list_of_django_s_own_keeps_the_id_its_field_points_at():
    form = ContactForm({"name": "Ann", "email": "x"})
    assert str(form["email"].errors).startswith('<ul class="errorlist" id="id_email_error">')
    assert "role=" not in str(form["email"].errors)


def test_a_required_field_says_so_in_words_and_carries_required():
    html = _render("{{ form|crispy }}", form=ContactForm())
    name_label = re.search(r'<label[^>]*for="id_name"[^>]*>(.*?)</label>', html, re.S).group(1)
    assert "Full name" in name_label
    assert "(required)" in name_label
    assert "*" not in name_label
    assert " required" in _tag(html, "id_name")
    note_label = re.search(r'<label[^>]*for="id_note"[^>]*>(.*?)</label>', html, re.S).group(1)
    assert "(required)" not in note_label
    assert " required" not in _tag(html, "id_note")


class RangeFilter(django_filters.FilterSet):
    applied = django_filters.DateFromToRangeFilter(
        field_name="date_joined", label="Applied between", widget=RangeBoxes(input_type="date")
    )
    experience = django_filters.RangeFilter(
        field_name="id",
        label="Years",
        widget=RangeBoxes(attrs={"min": 0}, input_type="number", labels=("min", "max")),
    )

    class Meta:
        from django.contrib.auth import get_user_model

        model = get_user_model()
        fields = []


def test_each_box_of_a_range_filter_has_a_label_of_its_own():
    html = _render("{{ form.applied|as_crispy_field }}{{ form.experience|as_crispy_field }}",
                   form=RangeFilter({"applied_min": "2026-01-02"}).form)  # fmt: skip
    for box, label in (("id_applied_0", "from"), ("id_applied_1", "to"),
                       ("id_experience_0", "min"), ("id_experience_1", "max")):  # fmt: skip
        assert re.search(rf'<label[^>]*for="{box}"[^>]*>{label}</label>', html), box
    applied_from = _tag(html, "id_applied_0")
    assert applied_from.count("type=") == 1
    assert 'type="date"' in applied_from
    assert 'name="applied_min"' in applied_from
    assert 'value="2026-01-02"' in applied_from
    experience_min = _tag(html, "id_experience_0")
    assert experience_min.count("type=") == 1
    assert 'type="number"' in experience_min
    assert 'min="0"' in experience_min
    # The field's own label is the group's legend: "Applied between, from".
    assert re.search(r"<legend[^>]*>\s*Applied between", html)
