from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = (
        "Print the API token of USERNAME, creating it on first use (the same token afterwards). "
        "Clients send it as 'Authorization: Token <key>'."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
        except user_model.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        if not user.is_active:
            raise CommandError(f"{username!r} is deactivated; an API token would not work.")
        token, _ = Token.objects.get_or_create(user=user)
        # Only the key on stdout, so scripts can capture it: TOKEN=$(manage.py create_api_token …)
        self.stdout.write(token.key)
