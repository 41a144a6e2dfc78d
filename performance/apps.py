from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _seed_skills(sender, **kwargs) -> None:
    from backoffice.core.seeds import seed_when_empty

    seed_when_empty(("performance.Skill", "performance.migrations.0006_seed_skills", "seed"))


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "Performance"

    def ready(self) -> None:
        # The skills framework comes back after a flush (backoffice/core/seeds.py).
        post_migrate.connect(_seed_skills, sender=self, dispatch_uid="performance.seed_skills")
        # Panels, demo data, reminder kinds, the employee_hired handler and the hiring signals
        # report's background refresh register on import.
        from performance import (  # noqa: F401
            demo,
            development_reminders,
            panels,
            pulse_demo,
            pulse_reminders,
            pulse_tasks,
            receivers,
            reminders,
            skills_demo,
        )
        from performance.selectors import signal_outcomes  # noqa: F401
