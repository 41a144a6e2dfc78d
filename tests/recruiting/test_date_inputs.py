"""Every date and datetime input renders its value in ISO, the only format <input type=date>
and <input type=datetime-local> accept, whatever the locale (en-GB wrote 01/12/2026, which the
browser threw away: the offer form's start date showed empty)."""

import datetime
import importlib
import re

import pytest
from django import forms
from django.utils import timezone, translation

from backoffice.core.widgets import DateInput, DateTimeInput

FORM_MODULES = [
    "recruiting.forms.offers",
    "recruiting.forms.interviews",
    "recruiting.forms.requisitions",
    "recruiting.forms.candidates",
    "recruiting.forms.scorecards",
    "onboarding.forms",
    "performance.forms",
]


def _form_classes():
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                yield value


def _date_fields():
    found = []
    for form_class in _form_classes():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                found.append((form_class, name, field))
    return found


def test_there_are_date_fields_to_check():
    names = {(form.__name__, name) for form, name, _ in _date_fields()}
    assert ("OfferForm", "start_date") in names
    assert ("InterviewForm", "starts_at") in names


@pytest.mark.parametrize("language", ["en-gb", "en-us", "nl", "de"])
@pytest.mark.parametrize(
    ("form_class", "name", "field"),
    _date_fields(),
    ids=lambda value: getattr(value, "__name__", value) if isinstance(value, type | str) else "",
)
def test_every_date_input_renders_iso(language, form_class, name, field):
    if isinstance(field, forms.DateTimeField):
        value = timezone.make_aware(datetime.datetime(2026, 12, 1, 9, 30))
        expected = r'value="2026-12-01T09:30"'
        assert isinstance(field.widget, DateTimeInput)
    else:
        value = datetime.date(2026, 12, 1)
        expected = r'value="2026-12-01"'
        assert isinstance(field.widget, DateInput)
    with translation.override(language):
        html = field.widget.render(name, value)
        assert re.search(expected, html), html
        # And what the browser sends back is read as the same value.
        sent = re.search(r'value="([^"]+)"', html).group(1)
        cleaned = field.clean(sent)
        if isinstance(cleaned, datetime.datetime):
            cleaned = timezone.make_naive(cleaned)
            assert cleaned == datetime.datetime(2026, 12, 1, 9, 30)
        else:
            assert cleaned == value


def test_the_offer_form_has_a_default_start_date(requisition):
    from recruiting.forms.offers import OfferForm

    requisition.target_start_date = None
    html = str(OfferForm(initial=OfferForm.default_dates(requisition))["start_date"])
    assert re.search(r'type="date"[^>]*value="\d{4}-\d{2}-\d{2}"', html), html
