from django.apps import AppConfig


class QaInspectionsConfig(AppConfig):
    name = "qa_inspections"
    verbose_name = "Quality assurance inspections"

    def ready(self) -> None:
        # Celery autodiscovers ``tasks`` modules only; the remediation e-mail task lives in
        # inspection_tasks, so the worker registers it here.
        from qa_inspections import inspection_tasks  # noqa: F401
