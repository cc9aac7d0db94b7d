from django.apps import AppConfig


class QaInspectionsConfig(AppConfig):
    name = "qa_inspections"
    verbose_name = "Quality assurance inspections"
