import datetime

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhdoan.lib import vntext


class UnitKind(models.TextChoices):
    PROVINCIAL_UNION = "provincial_union", _("Provincial union")
    DISTRICT_UNION = "district_union", _("District or city union")
    COMMUNE_UNION = "commune_union", _("Commune or ward union")
    BLOC_UNION = "bloc_union", _("Bloc union")
    SCHOOL_UNION = "school_union", _("School union")
    GRASSROOTS_UNION = "grassroots_union", _("Grassroots union")
    BRANCH = "branch", _("Branch")
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's committee")
    DEPARTMENT = "department", _("Department")
    ASSOCIATION = "association", _("Association")


UNION_KINDS = frozenset(
    {
        UnitKind.PROVINCIAL_UNION,
        UnitKind.DISTRICT_UNION,
        UnitKind.COMMUNE_UNION,
        UnitKind.BLOC_UNION,
        UnitKind.SCHOOL_UNION,
        UnitKind.GRASSROOTS_UNION,
        UnitKind.BRANCH,
    }
)


def path_prefix_q(prefix: str, *, field: str = "path", connection_vendor: str = "") -> Q:
    """Rows whose materialized path starts with `prefix`, in a form the index serves.

    PostgreSQL answers LIKE 'prefix%' from the varchar_pattern_ops index.  SQLite's
    LIKE ignores case and so skips the index; there a range on the binary-collated
    column does the same work: paths hold only digits and "/", and "0" follows "/".
    `field` may follow relations ("lead__path"); every subtree filter goes through here.
    """
    if (connection_vendor or connections[DEFAULT_DB_ALIAS].vendor) == "sqlite":
        return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix[:-1] + "0"})
    return Q(**{f"{field}__startswith": prefix})


def path_ids(path: str) -> list[int]:
    """The unit ids of a materialized path, from the root ("/1/23/" → [1, 23])."""
    return [int(part) for part in path.strip("/").split("/") if part]


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date) -> "UnitQuerySet":
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def under(self, unit: "Unit", *, include_self: bool = True) -> "UnitQuerySet":
        qs = self.filter(path_prefix_q(unit.path, connection_vendor=connections[self.db].vendor))
        return qs if include_self else qs.exclude(pk=unit.pk)


class Unit(models.Model):
    """A node of the organization tree, valid over an interval of dates.

    `path` is the materialized path of ids from the root ("/1/23/"), kept by
    `tinhdoan.org.services` only; `tinhdoan check-tree` verifies it.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    folded_name = models.CharField(max_length=255, editable=False, default="")
    match_name = models.CharField(max_length=255, editable=False, default="")
    # Vietnamese alphabetical order of the name (`vntext.text_sort_key`): every list of
    # units sorted by name orders by this, never by `name` (the database's collation).
    sort_key = models.CharField(max_length=800, editable=False, default="", db_index=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [
            models.Index(
                fields=["path"], name="org_unit_path_like", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["valid_from", "valid_to"], name="org_unit_validity"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="org_unit_valid_interval",
            ),
            models.CheckConstraint(condition=~Q(code=""), name="org_unit_code_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def is_union(self) -> bool:
        return self.kind in UNION_KINDS

    def ancestor_ids(self) -> list[int]:
        return path_ids(self.path)[:-1]

    def set_name_keys(self) -> None:
        self.folded_name = vntext.fold(self.name)
        self.match_name = vntext.match_key(self.name)
        self.sort_key = vntext.text_sort_key(self.name)


class LineageKind(models.TextChoices):
    MERGED_INTO = "merged_into", _("merged into")
    SPLIT_FROM = "split_from", _("split from")
    RENAMED_FROM = "renamed_from", _("renamed from")


class Lineage(models.Model):
    """An edge of history between two units: `predecessor` became (part of) `successor`."""

    predecessor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="predecessor_links")
    kind = models.CharField(_("kind"), max_length=20, choices=LineageKind.choices)
    on_date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["on_date", "id"]
        verbose_name = _("lineage link")
        verbose_name_plural = _("lineage links")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor", "kind"], name="org_lineage_unique"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="org_lineage_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.get_kind_display()})"


class Person(models.Model):
    full_name = models.CharField(_("full name"), max_length=120)
    sort_key = models.CharField(max_length=400, editable=False, db_index=True, default="")
    folded_name = models.CharField(max_length=120, editable=False, default="")
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    def set_name_keys(self) -> None:
        self.full_name = vntext.nfc(" ".join(self.full_name.split()))
        self.sort_key = vntext.name_sort_key(self.full_name)
        self.folded_name = vntext.fold(self.full_name)


class Position(models.Model):
    """A person holding a title in a unit over an interval ("Chủ tịch UBND tỉnh")."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="positions")
    title = models.CharField(_("title"), max_length=200)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=100, help_text=_("Order of the title when a person holds several.")
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["rank", "start", "id"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="org_position_interval",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.person}"

    def is_held_on(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


class TreeChange(models.Model):
    """A change of the tree that figures rolled up over it depend on, not yet applied.

    Every service of `tinhdoan.org.services` that moves a unit, creates one or changes its
    validity writes one row in its own transaction: the unit's path before (empty for a new
    unit) and after. The roll-up (`tinhdoan.rollup.freshness`) brings the stored figures of
    every program above those paths up to date and deletes the rows; until then the
    programs they touch are known to be stale, exactly, instead of guessed.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    path_before = models.CharField(max_length=255, blank=True)
    path_after = models.CharField(max_length=255)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("tree change awaiting roll-up")
        verbose_name_plural = _("tree changes awaiting roll-up")

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.path_before or '∅'} → {self.path_after}"
