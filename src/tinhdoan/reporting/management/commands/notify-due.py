from django.core.management.base import BaseCommand

from tinhdoan.reporting.notify import reports_due_notify


class Command(BaseCommand):
    help = (
        "Thông báo cho cán bộ các đơn vị có báo cáo còn 3 ngày đến hạn hoặc đã quá hạn mà chưa "
        "gửi (trong ứng dụng và qua thư điện tử). Chạy nhiều lần vẫn an toàn: mỗi thông báo chỉ "
        "gửi một lần."
    )

    def handle(self, *args, **options):
        created, mailed = reports_due_notify()
        self.stdout.write(f"Thông báo mới: {created}; thư điện tử đã gửi: {mailed}.")
