import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Every reminder names its recipient (filled in by 0003); in its own transaction, as
    PostgreSQL does not alter a table with row updates still pending in the same one."""

    dependencies = [
        ("technicians", "0003_company_invitations_reminder_recipients"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="certificationreminder",
            name="recipient",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="certificationreminder",
            constraint=models.UniqueConstraint(
                fields=("certification", "days_before", "expiry_date", "recipient"),
                name="certification_reminder_once_per_recipient",
            ),
        ),
    ]
