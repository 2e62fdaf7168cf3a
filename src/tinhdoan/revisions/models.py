from django.db import models
from django.utils.translation import gettext_lazy as _


class Revision(models.Model):
    """A token that every change of one kind of data replaces, in the change's own
    transaction (database triggers do it, see `triggers`): what is computed from that data
    can be kept under the token and reused until it changes.

    A token is random, not a counter: a transaction rolled back after moving it never
    makes its token come back with other data."""

    name = models.CharField(max_length=40, primary_key=True)
    token = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"
