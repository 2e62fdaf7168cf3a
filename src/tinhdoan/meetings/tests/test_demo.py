"""The demo: the session of 9 January 2018 from the article, and this year's board."""

import datetime
from pathlib import Path

import pytest
from django.test import Client

from tinhdoan.accounts.services import token_create
from tinhdoan.meetings import demo as meetings_demo
from tinhdoan.meetings import selectors
from tinhdoan.meetings.models import (
    Directive,
    DirectiveEvent,
    ProgressReport,
    Recommendation,
    SourceDocument,
    Status,
    WorkingSession,
)
from tinhdoan.testing import demo_user

pytestmark = pytest.mark.django_db

ARTICLE = Path(meetings_demo.__file__).parent / "demo_data" / "seed-article.txt"


def test_session_of_9_january_2018_from_the_article(demo):
    session = WorkingSession.objects.get(held_at__date=datetime.date(2018, 1, 9))
    assert session.host_unit.code == "TDLS" and session.issuer.code == "UBND-LS"
    assert selectors.session_chairs_with_titles(session) == [
        "đồng chí Phạm Ngọc Thưởng, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"
    ]
    assert len(session.topics) == 5 and "xây dựng quỹ hỗ trợ thanh niên khởi nghiệp" in (
        session.topics
    )
    assert "yêu cầu Tỉnh đoàn cần tiếp tục" in session.conclusion
    leads = list(session.directives.order_by("number").values_list("lead__code", flat=True))
    assert leads == ["TDLS"] * 5 + ["SNV-LS", "SGDDT-LS"]
    recommendation = session.recommendations.get()
    assert (recommendation.raised_by.code, recommendation.addressee.code) == ("TDLS", "UBND-LS")


def test_article_is_attached_byte_for_byte(demo):
    session = WorkingSession.objects.get(held_at__date=datetime.date(2018, 1, 9))
    article = session.source_documents.get()
    raw = ARTICLE.read_bytes()
    assert article.text.encode("utf-8") == raw
    assert "\u00a0" in article.text.splitlines()[0]  # the no-break space of the date line
    assert article.content_hash == SourceDocument.hash_text(raw.decode("utf-8"))
    assert article.published == datetime.date(2021, 8, 2)


def test_loading_the_demo_twice_duplicates_nothing(demo):
    def counts():
        return [
            m.objects.count()
            for m in (
                WorkingSession,
                Directive,
                Recommendation,
                ProgressReport,
                DirectiveEvent,
                SourceDocument,
            )
        ]

    before = counts()
    meetings_demo.load(lambda message: None)
    assert counts() == before


def test_board_shows_every_status_and_some_overdue(demo):
    board = selectors.directive_board(demo_user("btv.tinhdoan"))
    present = {status for status, _label, rows in board.by_status if rows}
    assert present == set(Status.values)
    assert len(board.overdue) >= 2
    assert board.due_soon


def test_department_liaison_of_education_sees_its_directives_only(demo):
    client = Client(headers={"Authorization": f"Bearer {token_create(user=demo_user('so.gddt'))}"})
    items = client.get("/api/v1/directives").json()["items"]
    expected = set(
        Directive.objects.filter(lead__code="SGDDT-LS").values_list("pk", flat=True)
    ) | set(Directive.objects.filter(coordinators__code="SGDDT-LS").values_list("pk", flat=True))
    assert {item["id"] for item in items} == expected
    assert all(item["lead"] == "SGDDT-LS" or "SGDDT-LS" in item["coordinators"] for item in items)
    finance = Directive.objects.get(lead__code="STC-LS")
    assert client.get(f"/api/v1/directives/{finance.pk}").status_code == 404
    assert len(items) == 5


def test_commune_officer_sees_only_the_directives_of_the_commune(demo):
    client = Client(
        headers={"Authorization": f"Bearer {token_create(user=demo_user('doan.xa_that_khe'))}"}
    )
    items = client.get("/api/v1/directives").json()["items"]
    assert items and {item["lead"] for item in items} == {"TDLS-06040"}
