import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import tinhdoan.accounts.models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_api_tokens_expire"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="TwoFactorInvitation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code_hash", models.CharField(max_length=64, unique=True)),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="created at"
                    ),
                ),
                (
                    "expires_at",
                    models.DateTimeField(
                        default=tinhdoan.accounts.models.invitation_expiry,
                        verbose_name="expires at",
                    ),
                ),
                ("used_at", models.DateTimeField(blank=True, null=True, verbose_name="used at")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="twofactor_invitations",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "two-factor invitation",
                "verbose_name_plural": "two-factor invitations",
                "ordering": ["-created_at", "-id"],
            },
        ),
    ]
