"""Two-factor sign-in: a code from an authenticator app (TOTP, django-otp), with
single-use recovery codes for a lost phone.

Staff (anyone who may use the admin) must use it once HERITAGE_TWO_FACTOR_REQUIRED is on
(the default outside tests): after the password, they set it up on first sign-in and
give a code on every later one. Community members may turn it on for themselves; once a
person has it, it is asked of them whatever their role.
"""

import segno
from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .views import may_use_admin

RECOVERY_CODES = 10
APP_DEVICE = "app"
RECOVERY_DEVICE = "recovery"


def required_for(user):
    return bool(getattr(settings, "HERITAGE_TWO_FACTOR_REQUIRED", True)) and (
        user.is_superuser or user.is_staff or may_use_admin(user)
    )


def has_two_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def must_verify(user):
    """Signed in with a password but not yet with a code, and a code is asked of them."""
    if not user.is_authenticated or user.is_verified():
        return False
    return has_two_factor(user) or required_for(user)


def pending_app_device(user):
    """The device being set up: one unconfirmed secret per person, kept until confirmed
    so that reloading the page does not change the QR code under the app."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)


def qr_code_svg(device):
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1f2a24", light="#ffffff")


def grouped_secret(device):
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def confirm_app_device(device):
    """The app gave a right code: it becomes the person's only app device, and a fresh
    set of recovery codes replaces any old one. Returns the codes (shown once)."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=device.user).delete()
    recovery = StaticDevice.objects.create(user=device.user, name=RECOVERY_DEVICE, confirmed=True)
    codes = [StaticToken.random_token() for _code in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes


def remaining_recovery_codes(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
