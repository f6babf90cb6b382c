"""Two-factor sign-in for the newsroom (django-otp): an authenticator app's six-digit code
(TOTP) after the password, and ten single-use backup codes for a lost phone.

Who must use it: every staff member who has enrolled, and, when STAFF_TWO_FACTOR is on (the
default with DEBUG=0), every editor and administrator. Writers and moderators may enrol from
the admin. Until a session is verified, the admin answers only the sign-in, sign-out and
these pages; an administrator who deletes a colleague's device (admin → OTP_TOTP) lets them
enrol again.
"""

import time
from base64 import b32encode
from urllib.parse import quote

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin import site
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.roles import EDITORS

BACKUP_CODES = 10
SESSION_CLEAR = "two_factor_not_needed"
SESSION_PENDING = "two_factor_pending_device"
RECHECK_SECONDS = 300
OPEN_PAGES = ("logout", "login", "jsi18n")  # the admin's own pages open before the second step


def is_required(user):
    """Whether this member's role makes the second step compulsory."""
    if not settings.STAFF_TWO_FACTOR or not user.is_staff:
        return False
    return user.is_superuser or user.groups.filter(name=EDITORS).exists()


def has_device(user):
    """Enrolled: an app confirmed (backup codes come with it and go with it)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_verification(request):
    user = request.user
    if not user.is_authenticated or not user.is_staff or user.is_verified():
        return False
    # A session found free of the second step stays so for RECHECK_SECONDS (no queries on each
    # admin page); then a promotion to editor, or a device enrolled elsewhere, is seen.
    clear = f"{user.pk}:{settings.STAFF_TWO_FACTOR}"
    now = int(time.time())
    seen = request.session.get(SESSION_CLEAR)
    if isinstance(seen, list) and seen[0] == clear and 0 <= now - seen[1] < RECHECK_SECONDS:
        return False
    if has_device(user) or is_required(user):
        return True
    request.session[SESSION_CLEAR] = [clear, now]
    return False


class TwoFactorMiddleware:
    """Refuse the admin to a staff session that still owes its second step."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or "admin" not in match.namespaces or match.url_name in OPEN_PAGES:
            return None
        if not needs_verification(request):
            return None
        target = "two_factor" if has_device(request.user) else "two_factor_setup"
        return HttpResponseRedirect(with_next(reverse(target), request.get_full_path()))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The six digits your authenticator app shows, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "dir": "ltr"}
        ),
    )

    def __init__(self, *args, devices, **kwargs):
        super().__init__(*args, **kwargs)
        self.devices = devices
        self.device = None

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).lower()
        # Six digits go to the app's device, anything else to the backup codes: a backup code
        # must not count as a wrong app code (each device slows its own wrong guesses down).
        kind = TOTPDevice if code.isdigit() else StaticDevice
        for device in (device for device in self.devices if isinstance(device, kind)):
            allowed, _details = device.verify_is_allowed()
            if not allowed:
                raise forms.ValidationError(
                    _("Too many wrong codes. Wait a minute, then try again."), code="throttled"
                )
            if device.verify_token(code):
                self.device = device
                return code
        raise forms.ValidationError(
            _("That code is not right. Check your phone's clock and try the current code."),
            code="invalid",
        )


def with_next(address, target):
    """`address` asked to come back to `target` (checked again before it is followed)."""
    return f"{address}?next={quote(target, safe='/')}"


def next_address(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("admin:index")


def page(request, template, title, **context):
    return TemplateResponse(
        request,
        f"admin/two_factor/{template}.html",
        {**site.each_context(request), "title": title, "next": next_address(request), **context},
    )


@never_cache
@login_required(login_url="admin:login")
def verify(request):
    """The second step of signing in: a code from the app or a backup code."""
    user = request.user
    if not has_device(user):
        return redirect(with_next(reverse("two_factor_setup"), next_address(request)))
    devices = [*TOTPDevice.objects.devices_for_user(user), *StaticDevice.objects.filter(user=user)]
    form = CodeForm(request.POST or None, devices=devices)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        if isinstance(form.device, StaticDevice) and not form.device.token_set.exists():
            messages.warning(request, _("That was your last backup code: make new ones now."))
        return redirect(next_address(request))
    return page(request, "verify", _("Two-step sign-in"), form=form)


@never_cache
@login_required(login_url="admin:login")
def setup(request):
    """Enrolment: scan the QR code (drawn here, nothing leaves the site), confirm a code."""
    user = request.user
    if has_device(user) and not user.is_verified():
        return redirect(with_next(reverse("two_factor"), next_address(request)))
    # The secret being enrolled belongs to this session only: another session (someone else
    # holding the password) never sees it, and a fresh start draws a new one.
    pending = TOTPDevice.objects.filter(
        user=user, confirmed=False, pk=request.session.get(SESSION_PENDING)
    ).first()
    if pending is None:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        pending = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
        request.session[SESSION_PENDING] = pending.pk
    device = pending
    form = CodeForm(request.POST or None, devices=[device])
    if request.method == "POST" and form.is_valid():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        del request.session[SESSION_PENDING]
        otp_login(request, device)
        return show_backup_codes(request, new_backup_codes(user), enrolled=True)
    secret = b32encode(device.bin_key).decode()
    return page(
        request,
        "setup",
        _("Set up two-step sign-in"),
        form=form,
        qr_code=segno.make(device.config_url, error="m").svg_inline(scale=5, title=""),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        required=is_required(user),
        enrolled=has_device(user),
    )


def new_backup_codes(user):
    device, _created = StaticDevice.objects.get_or_create(user=user, name="backup")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _count in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def show_backup_codes(request, codes, *, enrolled=False):
    return page(request, "codes", _("Backup codes"), codes=codes, enrolled=enrolled)


@never_cache
@require_POST
@login_required(login_url="admin:login")
def backup_codes(request):
    """New backup codes (the old ones stop working); only from a verified session."""
    if not request.user.is_verified():
        return redirect("two_factor")
    return show_backup_codes(request, new_backup_codes(request.user))


@never_cache
@require_POST
@login_required(login_url="admin:login")
def turn_off(request):
    """Writers and moderators may turn the second step off; editors may not when required."""
    user = request.user
    if is_required(user) or not user.is_verified():
        messages.error(request, _("Your role requires two-step sign-in."))
    else:
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        messages.success(request, _("Two-step sign-in is off for your account."))
    return redirect("admin:index")
