import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from backoffice.people.models import Department, Employee, RoleFamily, User
from backoffice.people.roles import Role

PASSWORD = "correct-horse-battery"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """UserFactory(roles=["HR"]) puts the user in those role groups."""
        if not create or not extracted:
            return
        from django.contrib.auth.models import Group

        self.groups.add(*(Group.objects.get_or_create(name=Role(name))[0] for name in extracted))


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["name"]

    name = factory.Iterator(["Finance", "Operations", "Customer Service", "Administration"])


class RoleFamilyFactory(DjangoModelFactory):
    """Role families are seeded by a migration; this picks one of them."""

    class Meta:
        model = RoleFamily
        django_get_or_create = ["slug"]

    slug = factory.Iterator(["data-entry-clerk", "bookkeeper", "receptionist", "payroll-clerk"])
    name = factory.LazyAttribute(lambda family: family.slug.replace("-", " ").capitalize())


class EmployeeFactory(DjangoModelFactory):
    class Meta:
        model = Employee
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    department = factory.SubFactory(DepartmentFactory)
    role_family = factory.SubFactory(RoleFamilyFactory)
    job_title = factory.Faker(
        "random_element", elements=["Data-Entry Clerk", "Bookkeeper", "Receptionist"]
    )
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    status = Employee.Status.ACTIVE

    @factory.post_generation
    def employee_role(self, create, extracted, **kwargs):
        if create:
            from django.contrib.auth.models import Group

            self.user.groups.add(Group.objects.get_or_create(name=Role.EMPLOYEE)[0])
