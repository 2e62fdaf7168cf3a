"""`/api/v1/values`: read the values of a program, and write many at once.

Writing saves through `saving.values_save`, which rolls the values up, so the endpoint
lives here, above `tinhdoan.reporting`; reading shares its address, and with it the
router (one path is one router's). Both answer with the reporting app's selectors.
"""

import datetime
from typing import Annotated

from django.contrib.auth import get_user_model
from django.http import HttpResponse, HttpResponseNotModified
from ninja import Field, Query, Router, Schema

from tinhdoan.accounts.permissions import scope_for
from tinhdoan.lib.http_errors import ERRORS
from tinhdoan.lib.limits import DEFAULTS
from tinhdoan.lib.paging import page_and_count
from tinhdoan.lib.text_limits import Name, max_length_of
from tinhdoan.org.api import MAX_OFFSET
from tinhdoan.programs.api import number, program_by_key
from tinhdoan.programs.selectors import reporting_unit_get_for_user
from tinhdoan.reporting.cells import CellInput, CellResult
from tinhdoan.reporting.models import DataValue, ValueChange
from tinhdoan.reporting.selectors import values_for_user
from tinhdoan.revisions.triggers import ACCESS

from .cache import cached, entity_tag, figures_revision, not_modified
from .saving import values_save

router = Router(tags=["reporting"])

# A number as typed ("1.234,5"), read by the same parser as the grid.
ValueText = Annotated[str, Field(max_length=100)]


class ValueOut(Schema):
    unit: str
    target: str
    period: str
    value: float | None
    comment: str
    version: int
    author: str | None
    updated_at: datetime.datetime


class ValueList(Schema):
    items: list[ValueOut]
    count: int


class ValueIn(Schema):
    unit: Name
    target: Name
    period: Name
    value: int | float | ValueText | None
    comment: str = Field("", max_length=DEFAULTS["comment_characters"])
    version: int


class ValuesPut(Schema):
    program: Name
    reason: str = Field("", max_length=max_length_of(ValueChange, "reason"))
    items: list[ValueIn]


class ValuesPutOut(Schema):
    items: list[ValueOut]
    count: int
    created: int
    updated: int
    unchanged: int
    warnings: list[str]


def _value_out(v: DataValue | CellResult, author: str | None) -> dict:
    """A stored value, or a cell as a save left it, with the username of its last author."""
    return {
        "unit": v.unit.code,
        "target": v.target.code,
        "period": v.period.code,
        "value": number(v.value),
        "comment": v.comment,
        "version": v.version,
        "author": author,
        "updated_at": v.updated_at,
    }


def _author(v: DataValue) -> str | None:
    return v.author.username if v.author_id else None


def _usernames(ids: set, *, known) -> dict[int, str]:
    """{user id: username} of these ids; one query only for users other than `known`."""
    names = {known.pk: known.get_username()}
    if others := ids - {known.pk, None}:
        names.update(get_user_model().objects.filter(pk__in=others).values_list("pk", "username"))
    return names


@router.get("/values", response={200: ValueList, 304: None, **ERRORS}, summary="Danh sách số liệu")
def list_values(
    request,
    program: str,
    period: str | None = None,
    unit: str | None = None,
    target: str | None = None,
    limit: int = 1000,
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Số liệu của một chương trình (`TDLS:2017`) người gọi được xem, theo kỳ, đơn vị và mã chỉ
    tiêu. Trả lời 304 cho `If-None-Match` mang `ETag` của danh sách chưa thay đổi."""
    # Every saved value, comment or deletion moves its program's figures token in the same
    # transaction (`engine.values_saved`); the authors' names are under the access token.
    revision = figures_revision(ACCESS)
    found = program_by_key(request, program)
    chosen = (
        reporting_unit_get_for_user(user=request.user, program=found, code=unit) if unit else None
    )
    period_code = (period or "").strip().upper() or None
    target_code = (target or "").strip().upper() or None
    limit = max(1, min(limit, 10000))
    readers = scope_for(request.user).read_key
    parts = (found.pk, period_code, chosen and chosen.pk, target_code, limit, offset, readers)
    etag = entity_tag("values", parts, revision)
    if not_modified(request, etag):
        return HttpResponseNotModified(headers={"ETag": etag})

    def page_as_json() -> str:
        values = values_for_user(
            user=request.user,
            program=found,
            period_code=period_code,
            unit=chosen,
            target_code=target_code,
        )
        page, count = page_and_count(values, offset=offset, limit=limit)
        return ValueList(
            items=[_value_out(v, _author(v)) for v in page], count=count
        ).model_dump_json()

    body = cached("values.json", parts, page_as_json, revision=revision)
    return HttpResponse(
        body, content_type="application/json; charset=utf-8", headers={"ETag": etag}
    )


@router.put("/values", response={200: ValuesPutOut, **ERRORS}, summary="Ghi nhiều số liệu")
def put_values(request, payload: ValuesPut):
    """Ghi nhiều số liệu cùng lúc, tất cả hoặc không ô nào. Mỗi mục mang `version` đã đọc (0 cho
    ô mới); mục đã cũ bị từ chối với 409. Số có thể là số JSON hoặc chuỗi gõ theo kiểu Việt
    Nam ("1.234,5")."""
    found = program_by_key(request, payload.program)
    cells = [
        CellInput(
            unit=item.unit,
            target=item.target,
            period=item.period,
            value=item.value,
            comment=item.comment,
            version=item.version,
        )
        for item in payload.items
    ]
    result = values_save(
        user=request.user, program=found, cells=cells, source="api", reason=payload.reason
    )
    stored = sorted(
        (cell for cell in result.cells if cell.stored),
        key=lambda cell: (cell.unit.path, cell.target.position, cell.period.start),
    )  # in the order of the list of values (`values_for_user`)
    authors = _usernames({cell.author_id for cell in stored}, known=request.user)
    items = [_value_out(cell, authors.get(cell.author_id)) for cell in stored]
    answer = ValuesPutOut(
        items=items,
        count=len(items),
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        warnings=result.warnings,
    )  # written as the list of values writes them (its times to the microsecond)
    return HttpResponse(answer.model_dump_json(), content_type="application/json; charset=utf-8")
