from django.apps import AppConfig


class SampleDataConfig(AppConfig):
    """Demo, load-test and generated-scale data, and the commands that write them
    (``seed_demo``, ``seed_load``, ``generate_jobs``). No production module imports it."""

    name = "sampledata"
    verbose_name = "Sample data"
