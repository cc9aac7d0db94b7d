from django.apps import AppConfig


class UtilitiesConfig(AppConfig):
    name = "utilities"
    verbose_name = "Utilities and territory"
