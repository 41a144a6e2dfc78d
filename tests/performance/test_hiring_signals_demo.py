import pytest
from django.core.management import call_command

from backoffice.people.models import Employee, HireSignal, Leaving
from performance.selectors.signal_outcomes import hiring_signals_report
from recruiting.demo_history import PLANTED_CRITERION
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db


def test_the_report_on_the_demo_data_names_the_planted_culture_fit_criterion(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Leaving.objects.filter(employee__status=Employee.Status.LEFT).count() >= 15
    assert HireSignal.objects.filter(kind="test").exists()
    hr = UserFactory(roles=["HR"])
    report = hiring_signals_report(hr)
    assert report.hires == 64
    strongest = {outcome.key: relation for outcome, relation in report.strongest_by_outcome()}
    top = strongest["employed_6m"]
    assert top.signal == PLANTED_CRITERION
    assert top.correlation.rho > 0.3
    assert top.sentence.startswith(
        f"Candidates who scored higher on {PLANTED_CRITERION.lower()} were more likely to"
    )
    # The skills scores go with the first review's rating, as planted by performance's step.
    assert any(
        relation.outcome.key == "first_rating" and relation.kind == "section"
        for relation in report.findings
    )
    client.force_login(hr)
    page = client.get("/performance/reports/hiring-signals/").content.decode()
    assert f"Candidates who scored higher on {PLANTED_CRITERION.lower()}" in page
    assert "Olivia Grant" in page  # the demo interviewer, above the minimum n
