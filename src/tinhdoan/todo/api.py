"""`GET /api/v1/me/todo`: the work waiting for the user (Việc cần làm)."""

import datetime
from typing import Literal

from ninja import Router, Schema

from tinhdoan.meetings.models import Status as DirectiveStatus
from tinhdoan.reporting.todo import STATE_LABELS
from tinhdoan.rollup.models import ExplanationStatus
from tinhdoan.rollup.todo import STATUS_LABELS

from .selectors import Todo, todo_for

router = Router(tags=["todo"])

# Every state an item can show: a report's, an explanation request's, a directive's, a target's.
STATES = sorted(
    {str(s) for s in (*STATE_LABELS, *ExplanationStatus.values, *DirectiveStatus.values)}
    | {str(s) for s in STATUS_LABELS}
)
TodoState = Literal[tuple(STATES)]


class TodoItemOut(Schema):
    title: str
    program: str | None
    period: str | None
    unit: str
    unit_name: str
    deadline: datetime.date | None
    state: TodoState
    state_label: str
    url: str
    reason: str
    count: int


class TodoOut(Schema):
    reports_due: list[TodoItemOut]
    reports_returned: list[TodoItemOut]
    reports_to_approve: list[TodoItemOut]
    units_overdue: list[TodoItemOut]
    explanations: list[TodoItemOut]
    directives_due: list[TodoItemOut]
    targets_lagging: list[TodoItemOut]
    count: int


@router.get("/me/todo", response=TodoOut, summary="Việc cần làm của người dùng")
def get_todo(request):
    """Báo cáo đến hạn, quá hạn, bị trả lại; báo cáo chờ duyệt và đơn vị quá hạn; giải trình;
    nhiệm vụ được giao đến hạn; chỉ tiêu chậm tiến độ. Mỗi mục có chương trình, kỳ, đơn vị,
    hạn, trạng thái và địa chỉ trang để làm việc đó."""
    todo: Todo = todo_for(request.user)
    return {**{name: getattr(todo, name) for name in Todo.LISTS}, "count": todo.count}
