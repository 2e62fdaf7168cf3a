"""Time-based one-time passwords (RFC 6238, HOTP of RFC 4226) with the standard library.

Authenticator apps (Google Authenticator, Microsoft Authenticator, FreeOTP, Aegis…) use
the defaults here: HMAC-SHA1, 6 digits, 30-second steps.
"""

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
SECRET_BYTES = 20  # 160 bits, as RFC 4226 recommends
ISSUER = "tinhdoan"


def secret_new() -> str:
    """A random secret, base32 without padding (what authenticator apps accept)."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii").rstrip("=")


def secret_bytes(secret: str) -> bytes:
    cleaned = secret.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def hotp(key: bytes, counter: int, *, digits: int = DIGITS, digest=hashlib.sha1) -> str:
    """RFC 4226: the code for one counter value."""
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def counter_at(timestamp: float) -> int:
    return int(timestamp // STEP_SECONDS)


def totp(secret: str, *, timestamp: float | None = None, counter: int | None = None) -> str:
    """The code shown by an authenticator app at this moment (or for this time step)."""
    if counter is None:
        counter = counter_at(time.time() if timestamp is None else timestamp)
    return hotp(secret_bytes(secret), counter)


def totp_match(
    secret: str, code: str, *, timestamp: float | None = None, window: int = 1
) -> int | None:
    """The time step whose code equals `code`, looking `window` steps either side; else None.

    The window absorbs clock drift between the phone and the server (±30 s by default).
    """
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    now = counter_at(time.time() if timestamp is None else timestamp)
    key = secret_bytes(secret)
    for counter in range(now - window, now + window + 1):
        if hmac.compare_digest(hotp(key, counter), code):
            return counter
    return None


def provisioning_uri(secret: str, *, account: str, issuer: str = ISSUER) -> str:
    """The otpauth:// address an authenticator app imports (also what a QR code would hold)."""
    label = quote(f"{issuer}:{account}", safe=":@")
    query = urlencode(
        {"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": 30}
    )
    return f"otpauth://totp/{label}?{query}"
