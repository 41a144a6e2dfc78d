"""Fill the database with a large, consistent data set for the benchmark (bench/run.py)."""

from __future__ import annotations

import io
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import autodiscover_modules

from backoffice.core.scale import (
    PROPORTIONAL,
    SCALE_EMAIL_DOMAIN,
    ScaleSizes,
    scale_steps,
    scaled_sizes,
)


class Command(BaseCommand):
    help = (
        "Load the demo, then bulk-generate people, candidates, onboarding items, reviews and "
        "measurements with COPY. Refuses to run twice on the same database: drop it (or use "
        "a fresh one) to generate another size."
    )

    def add_arguments(self, parser) -> None:
        defaults = ScaleSizes()
        parser.add_argument("--candidates", type=int, default=defaults.candidates)
        # The others follow the candidates in the default proportions unless given.
        for name in PROPORTIONAL:
            parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=None)
        parser.add_argument("--seed", type=int, default=defaults.seed)

    def handle(self, *args, **options) -> None:
        sizes = scaled_sizes(
            options["candidates"],
            seed=options["seed"],
            **{name: options[name] for name in PROPORTIONAL if options[name] is not None},
        )
        names = ("candidates", *PROPORTIONAL)
        self.stdout.write("Sizes: " + ", ".join(f"{n} {getattr(sizes, n):,}" for n in names))
        existing = get_user_model().objects.filter(email__endswith=f"@{SCALE_EMAIL_DOMAIN}")
        if existing.exists():
            raise CommandError(
                f"This database already holds generated data ({existing.count():,} people at "
                f"{SCALE_EMAIL_DOMAIN}); nothing was added. Use a fresh database for another size."
            )
        autodiscover_modules("scale")
        started = time.perf_counter()

        def progress(message: str) -> None:
            self.stdout.write(f"    {time.perf_counter() - started:6.1f}s  {message}")
            self.stdout.flush()

        # The demo gives the reference data (departments, trainings, metrics, rejection
        # reasons) and the known logins the benchmark signs in with.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            call_command("seed_demo", stdout=io.StringIO())
        progress("demo data and logins ready")
        with transaction.atomic():
            for step in scale_steps():
                summary = step.run(sizes, progress)
                progress(f"{step.name}: {summary}")
        self.stdout.write(
            self.style.SUCCESS(f"Scale data ready in {time.perf_counter() - started:.1f}s.")
        )
