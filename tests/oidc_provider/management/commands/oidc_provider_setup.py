from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from oauth2_provider.models import Application


class Command(BaseCommand):
    help = "Register the client application and the users of a test run."

    def add_arguments(self, parser):
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument("--redirect-uri", required=True)
        parser.add_argument(
            "--user", action="append", default=[], help="username:email:password[:unverified]"
        )

    def handle(self, *args, **options):
        Application.objects.create(
            name="Backoffice",
            client_id=options["client_id"],
            client_secret=options["client_secret"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=options["redirect_uri"],
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=False,
        )
        unverified, _ = Group.objects.get_or_create(name="unverified")
        for spec in options["user"]:
            username, email, password, *flags = spec.split(":")
            user = User.objects.create_user(username, email=email, password=password)
            if "unverified" in flags:
                user.groups.add(unverified)
