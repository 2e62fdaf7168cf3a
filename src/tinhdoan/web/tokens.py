"""The page where a user lists their own API tokens and revokes them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhdoan.accounts.selectors import tokens_of
from tinhdoan.accounts.services import token_revoke


@login_required
def token_list(request):
    return render(
        request, "web/tokens.html", {"tokens": tokens_of(request.user), "now": timezone.now()}
    )


@login_required
@require_POST
def token_revoke_view(request, pk: int):
    if not token_revoke(user=request.user, pk=pk):
        raise Http404  # someone else's token, or none: the same answer
    messages.success(request, _("The token is revoked: scripts using it are refused from now on."))
    return redirect("accounts:tokens")


# Under /accounts/ (namespace "accounts").
urlpatterns = [
    path("tokens/", token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", token_revoke_view, name="token_revoke"),
]
