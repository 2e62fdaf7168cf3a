from django.core.management.base import BaseCommand, CommandError

from tinhdoan.org.models import Unit
from tinhdoan.org.services import tree_check
from tinhdoan.rollup.tree import tree_rebuild_paths


class Command(BaseCommand):
    help = (
        "Kiểm tra đường dẫn cây đơn vị (materialized path) khớp với quan hệ cấp trên; "
        "--repair sửa đường dẫn và tính lại số liệu tổng hợp bị ảnh hưởng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Tính lại các đường dẫn sai.")

    def handle(self, *args, repair, **options):
        if repair:
            self.stdout.write(f"Đã sửa {tree_rebuild_paths()} đơn vị.")
        problems = tree_check()
        for problem in problems:
            self.stderr.write(f"{problem.code}: {problem.message}")
        if problems:
            raise CommandError(f"Cây đơn vị có {len(problems)} lỗi.")
        self.stdout.write(f"Cây đơn vị hợp lệ ({Unit.objects.count()} đơn vị).")
