"""What several recruiting page tests do the same way."""

from django.urls import reverse


def post_scorecard(client, interview, template, *, value="3", note="", action="submit"):
    """Post the scorecard form for `interview` with every criterion of `template` rated `value`."""
    data = {"recommendation": "yes", "summary": "Fine.", "action": action}
    for criterion in template.criteria.all():
        data[f"rating_{criterion.pk}"] = value
        data[f"note_{criterion.pk}"] = note
    return client.post(reverse("recruiting:scorecard_edit", args=[interview.pk]), data)
