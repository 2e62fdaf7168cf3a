import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import Http404

from tinhdoan.accounts.models import ApiToken, hash_token
from tinhdoan.accounts.permissions import readable_units, scope_for, unit_get_for_user
from tinhdoan.org.models import Unit
from tinhdoan.testing import demo_user

pytestmark = pytest.mark.django_db


def test_commune_officer_reads_own_unit_only(demo):
    officer = demo_user("doan.xa_that_khe")
    assert set(readable_units(officer).values_list("code", flat=True)) == {"TDLS-06040"}
    assert unit_get_for_user(user=officer, code="TDLS-06040").name == "Đoàn xã Thất Khê"
    with pytest.raises(Http404):
        unit_get_for_user(user=officer, code="TDLS-06001")  # Xã Đoàn Kết
    with pytest.raises(Http404):
        unit_get_for_user(user=officer, code="TDLS")


def test_officer_writes_own_unit_but_not_its_parent(demo):
    officer = demo_user("doan.xa_that_khe")
    assert unit_get_for_user(user=officer, code="TDLS-06040", write=True)
    scope = scope_for(officer)
    assert not scope.can_write(Unit.objects.get(code="TDLS"))
    assert not scope.can_approve(Unit.objects.get(code="TDLS-06040"))


def test_provincial_approver_reads_the_subtree_and_approves_the_level_below(demo):
    approver = demo_user("btv.tinhdoan")
    scope = scope_for(approver)
    commune = Unit.objects.get(code="TDLS-06040")
    assert scope.can_read(commune)
    assert scope.can_approve(commune)
    assert not scope.can_approve(Unit.objects.get(code="TDLS"))
    assert not scope.can_write(commune)
    assert not scope.can_read(Unit.objects.get(code="UBND-LS"))


def test_leadership_reads_everything_and_writes_nothing(demo):
    leader = demo_user("lanhdao.tinh")
    assert readable_units(leader).count() == Unit.objects.count()
    assert not scope_for(leader).can_write(Unit.objects.get(code="TDLS"))


def test_department_liaison_reads_only_its_department(demo):
    liaison = demo_user("so.gddt")
    assert list(readable_units(liaison).values_list("code", flat=True)) == ["SGDDT-LS"]


def test_anonymous_and_inactive_users_see_nothing(demo):
    assert readable_units(AnonymousUser()).count() == 0
    officer = demo_user("doan.xa_that_khe")
    officer.is_active = False
    officer.save()
    officer = demo_user("doan.xa_that_khe")
    assert readable_units(officer).count() == 0


def test_token_command_prints_a_token_that_is_stored_only_hashed(demo, capsys):
    call_command("token", "btv.tinhdoan")
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("td_")
    token = ApiToken.objects.get(user__username="btv.tinhdoan")
    assert token.key_hash == hash_token(raw) and raw not in token.key_hash


def test_token_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="Không có người dùng"):
        call_command("token", "khong.ton.tai")
    assert ApiToken.objects.count() == 0
