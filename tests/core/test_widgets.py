import pytest
from django import forms

from backoffice.core.widgets import QuickSelect, ValuesChoiceIterator
from backoffice.people.models import Department
from tests.factories.people import DepartmentFactory


class ChoiceForm(forms.Form):
    colour = forms.ChoiceField(
        choices=[("", "Any"), ("red", "Red"), ("b&w", "Black & white")],
        required=False,
        widget=QuickSelect(attrs={"class": "form-select"}),
    )


def test_renders_the_same_select_as_django_with_the_choice_selected_and_escaped():
    html = str(ChoiceForm({"colour": "b&w"})["colour"])
    assert html.startswith('<select name="colour" class="form-select" id="id_colour">')
    assert '<option value="">Any</option>' in html
    assert '<option value="red">Red</option>' in html
    assert '<option value="b&amp;w" selected>Black &amp; white</option>' in html


def test_user_text_in_a_label_is_escaped():
    field = forms.ChoiceField(choices=[("1", "<script>x</script>")], widget=QuickSelect)
    assert "<script>" not in field.widget.render("pick", "1")


@pytest.mark.django_db
def test_options_from_rows_render_and_validate_like_the_model_field():
    first, second = DepartmentFactory(name="Finance & tax"), DepartmentFactory(name="Sales")
    field = forms.ModelChoiceField(
        queryset=Department.objects.order_by("name"), empty_label="Any", widget=QuickSelect
    )
    field.iterator = ValuesChoiceIterator.of("name")
    field.widget.choices = field.choices
    html = field.widget.render("department", second.pk)
    assert '<option value="">Any</option>' in html
    assert f'<option value="{first.pk}">Finance &amp; tax</option>' in html
    assert f'<option value="{second.pk}" selected>Sales</option>' in html
    assert field.clean(str(first.pk)) == first
