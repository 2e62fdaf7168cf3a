from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_totp_devices_to_django_otp"),
    ]

    operations = [
        migrations.DeleteModel(name="TotpDevice"),
    ]
