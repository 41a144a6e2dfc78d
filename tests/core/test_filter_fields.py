"""`|filter_field`: a filter form's fields in Bootstrap 5 markup without crispy's cost, with
labels that name their box, errors a screen reader reaches, and nothing unescaped."""

import pytest
from django import forms
from django.template import Context, Template
from django_filters.fields import RangeField

from backoffice.core.widgets import RangeBoxes

pytestmark = pytest.mark.django_db


class Filters(forms.Form):
    q = forms.CharField(label="Search <b>", required=False, help_text="Name or <email>")
    stage = forms.ChoiceField(choices=[("", "Any"), ("applied", "Applied")], required=False)
    years = RangeField(
        fields=(forms.IntegerField(), forms.IntegerField()),
        required=False,
        widget=RangeBoxes(input_type="number", labels=("min", "max")),
    )


def _render(form, name):
    return Template("{% load filter_fields %}{{ field|filter_field }}").render(
        Context({"field": form[name]})
    )


def test_a_box_and_a_select_have_their_label_and_bootstrap_classes():
    form = Filters({"q": "jan", "stage": "applied"})
    assert form.is_valid()
    box = _render(form, "q")
    assert '<label for="id_q" class="form-label">Search &lt;b&gt;</label>' in box
    assert 'class="form-control"' in box
    assert 'value="jan"' in box
    assert '<div class="form-text">Name or &lt;email&gt;</div>' in box
    select = _render(form, "stage")
    assert 'class="form-select"' in select
    assert '<option value="applied" selected>Applied</option>' in select
    assert "invalid" not in box + select


def test_a_range_is_a_fieldset_whose_errors_each_box_points_at():
    form = Filters({"years_min": "abc", "years_max": "<script>"})
    assert not form.is_valid()
    html = _render(form, "years")
    assert '<fieldset><legend class="form-label fs-6">Years</legend>' in html
    assert html.count('class="form-control is-invalid"') == 2
    assert html.count('aria-describedby="id_years_error"') == 2
    assert '<div id="id_years_error" class="invalid-feedback d-block">' in html
    assert "<strong>Enter a whole number.</strong>" in html
    assert "<script>" not in html
