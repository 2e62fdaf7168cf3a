"""`GET /api/v1/notifications`: the user's notices, newest first."""

import datetime

from ninja import Router, Schema

from .models import NotificationKind
from .selectors import notifications_for

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    kind: NotificationKind
    text: str
    url: str
    created_at: datetime.datetime
    read: bool


class NotificationList(Schema):
    items: list[NotificationOut]
    count: int


@router.get("/notifications", response=NotificationList, summary="Thông báo của người dùng")
def list_notifications(request):
    """Năm mươi thông báo mới nhất: nhiệm vụ được giao, kiến nghị được trả lời, báo cáo được gửi,
    bị trả lại (kèm lý do), được duyệt, được mở lại, sắp đến hạn, quá hạn."""
    items = [
        {
            "kind": n.kind,
            "text": n.message,
            "url": n.url,
            "created_at": n.created_at,
            "read": n.read_at is not None,
        }
        for n in notifications_for(request.user)
    ]
    return {"items": items, "count": len(items)}
