import factory
from factory.django import DjangoModelFactory

from backoffice.notifications.models import ReminderLedger, ReminderPreference
from tests.factories.people import UserFactory


class ReminderLedgerFactory(DjangoModelFactory):
    class Meta:
        model = ReminderLedger

    recipient = factory.SubFactory(UserFactory)
    kind = "tests.thing"
    subject = factory.Sequence(lambda n: f"tests.thing:{n}")
    period = "once"
    title = factory.Faker("sentence", nb_words=5)
    path = factory.LazyAttribute(lambda row: f"/things/{row.subject}/")


class ReminderPreferenceFactory(DjangoModelFactory):
    class Meta:
        model = ReminderPreference
        django_get_or_create = ["user"]

    user = factory.SubFactory(UserFactory)
