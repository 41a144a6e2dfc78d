from django import forms

from backoffice.core.widgets import QuickSelect


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
