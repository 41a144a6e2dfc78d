"""Reads of skills tests."""

from __future__ import annotations

from django.http import Http404

from recruiting.models.candidates import Application
from recruiting.models.skills_test import SkillsTest


def skills_test_get_for_user(user, pk: int) -> SkillsTest:
    test = (
        SkillsTest.objects.filter(application__in=Application.objects.visible_to(user))
        .select_related("application__candidate", "application__requisition")
        .filter(pk=pk)
        .first()
    )
    if test is None:
        raise Http404("No such test")
    return test
