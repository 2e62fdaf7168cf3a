from django.http import Http404
from ninja import NinjaAPI, Router

from tinhdoan.meetings import api as meetings_api
from tinhdoan.org.api import router as units_router

from .auth import ActiveSessionAuth, TokenAuth
from .errors import install_error_handlers

# Tag names stay short English identifiers (client generators name modules after them);
# the documentation shows each group under its Vietnamese description.
TAGS = [
    {"name": "units", "description": "Đơn vị, tổ chức Đoàn và cơ quan"},
    {"name": "programs", "description": "Chương trình công tác năm"},
    {"name": "reporting", "description": "Số liệu và báo cáo của đơn vị"},
    {"name": "results", "description": "Kết quả thực hiện chỉ tiêu, báo cáo tổng kết, giải trình"},
    {"name": "sessions", "description": "Buổi làm việc"},
    {"name": "directives", "description": "Nhiệm vụ được giao"},
    {"name": "recommendations", "description": "Kiến nghị, đề xuất"},
    {"name": "congresses", "description": "Đại hội các cấp"},
    {"name": "cooperation", "description": "Chương trình phối hợp, điển hình tiên tiến"},
    {"name": "ingest", "description": "Đọc văn bản thành buổi làm việc"},
    {"name": "todo", "description": "Việc cần làm"},
    {"name": "notifications", "description": "Thông báo"},
    {"name": "jobs", "description": "Công việc chạy nền: nhập tệp lớn, đọc văn bản lớn"},
]

api = NinjaAPI(
    title="tinhdoan API",
    version="1",
    description="Hệ thống thông tin công tác Đoàn cấp tỉnh. Xác thực: `Authorization: Bearer <token>` "
    "(lệnh `tinhdoan token USERNAME`) hoặc phiên đăng nhập của giao diện web.",
    auth=[TokenAuth(), ActiveSessionAuth()],
    urls_namespace="api",
    openapi_extra={"tags": TAGS},
)


install_error_handlers(api)

api.add_router("/units", units_router)
api.add_router("/sessions", meetings_api.sessions_router)
api.add_router("/directives", meetings_api.directives_router)
api.add_router("/recommendations", meetings_api.recommendations_router)
api.add_router("/ingest", "tinhdoan.ingest.api.router")
api.add_router("/", "tinhdoan.programs.api.router")
api.add_router("/", "tinhdoan.reporting.api.router")
api.add_router("/", "tinhdoan.rollup.value_api.router")
api.add_router("/congresses", "tinhdoan.congresses.api.router")
api.add_router("/cooperation", "tinhdoan.cooperation.api.router")
api.add_router("/results", "tinhdoan.rollup.api.router")
api.add_router("/", "tinhdoan.todo.api.router")
api.add_router("/", "tinhdoan.notices.api.router")
api.add_router("/jobs", "tinhdoan.jobs.api.router")

# Last: any other address under /api/v1/ (an unknown path, an id that is not a number)
# answers a JSON 404 like a missing object, not the HTML page of the site.
unknown_router = Router()


@unknown_router.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False, auth=None
)
def unknown_address(request, rest: str):
    raise Http404


api.add_router("", unknown_router)
