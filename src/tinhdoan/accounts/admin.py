from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import ReadOnlyPasswordHashWidget, UserChangeForm
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import ApiToken, LoginEvent, Membership, TwoFactorInvitation


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role"]
    raw_id_fields = ["user", "unit"]
    search_fields = ["user__username", "unit__name", "unit__code"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "created_at", "last_used_at", "expires_at"]
    readonly_fields = ["key_hash", "prefix", "created_at", "last_used_at"]


class ListedOnlyAdmin(admin.ModelAdmin):
    """Rows made elsewhere (a service, a command), listed here and never added or edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LoginEvent)
class LoginEventAdmin(ListedOnlyAdmin):
    """The login log: read-only, kept as written."""

    list_display = ["at", "kind", "username", "user", "ip", "user_agent"]
    list_filter = ["kind", "at"]
    search_fields = ["username", "ip"]
    date_hierarchy = "at"

    def has_delete_permission(self, request, obj=None):
        return False


# django-otp's own page for devices shows and edits keys: replaced by a read-only list.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TwoFactorDeviceAdmin(ListedOnlyAdmin):
    """The users' authenticator apps (django-otp devices), never their keys. Deleting one
    resets two-factor login: the user needs a new invitation to set one up again."""

    list_display = ["user", "confirmed", "created_at", "last_used_at", "throttling_failure_count"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    fields = list_display
    readonly_fields = list_display


@admin.register(TwoFactorInvitation)
class TwoFactorInvitationAdmin(ListedOnlyAdmin):
    """Invitations are made by `tinhdoan twofactor-invite` (the code is shown only there);
    here they are listed, and one deleted stops working."""

    list_display = ["user", "created_at", "expires_at", "used_at"]
    search_fields = ["user__username"]
    fields = list_display
    readonly_fields = list_display


class LabelledPasswordHashWidget(ReadOnlyPasswordHashWidget):
    """The password summary with an id the admin can name its help text after: Django's
    widget has none, so its aria-describedby pointed at a help text without that id."""

    def id_for_label(self, id_):
        return id_


class AccessibleUserChangeForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].widget = LabelledPasswordHashWidget()


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AccessibleUserAdmin(UserAdmin):
    """Django's user admin with controls every reader can name: the group and permission
    lists are plain labelled lists (the two-pane filter's icons carry prohibited ARIA), and
    the last login and joining dates are shown, not edited in unlabelled split fields."""

    form = AccessibleUserChangeForm
    filter_horizontal = ()
    readonly_fields = ("last_login", "date_joined")
