"""The authenticators enrolled with the hand-written TOTP module become django-otp devices:
the same secret (base32 there, hex here), the last time step used (no code replayed across
the move), the time of enrolment. Nobody has to set up their phone again."""

import base64

from django.db import migrations

DEVICE_NAME = "Ứng dụng xác thực"


def _secret_bytes(secret: str) -> bytes:
    cleaned = secret.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def forward(apps, schema_editor):
    Old = apps.get_model("accounts", "TotpDevice")
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    for old in Old.objects.all().iterator():
        device = TOTPDevice.objects.create(
            user_id=old.user_id,
            name=DEVICE_NAME,
            confirmed=True,
            key=_secret_bytes(old.secret).hex(),
            step=30,
            t0=0,
            digits=6,
            tolerance=1,
            drift=0,
            # The old module counted steps from 0 with "0" for never used; django-otp takes
            # codes above last_t.
            last_t=old.last_counter if old.last_counter > 0 else -1,
        )
        # created_at is set on insert (auto_now_add): the time of enrolment, written after.
        TOTPDevice.objects.filter(pk=device.pk).update(created_at=old.confirmed_at)


def backward(apps, schema_editor):
    Old = apps.get_model("accounts", "TotpDevice")
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    for device in TOTPDevice.objects.filter(confirmed=True).order_by("user_id", "id").iterator():
        if Old.objects.filter(user_id=device.user_id).exists():
            continue  # the old model held one device per user
        Old.objects.create(
            user_id=device.user_id,
            secret=base64.b32encode(bytes.fromhex(device.key)).decode("ascii").rstrip("="),
            last_counter=max(device.last_t, 0),
            **({"confirmed_at": device.created_at} if device.created_at else {}),
        )
    TOTPDevice.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_twofactor_invitation"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(forward, backward)]
