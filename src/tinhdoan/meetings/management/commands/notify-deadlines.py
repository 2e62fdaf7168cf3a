from django.core.management.base import BaseCommand

from tinhdoan.meetings.notify import deadlines_notify


class Command(BaseCommand):
    help = (
        "Thông báo nhiệm vụ còn 3 ngày đến hạn và nhiệm vụ quá hạn (trong ứng dụng và qua thư điện "
        "tử). Chạy thường xuyên vẫn an toàn: mỗi thông báo chỉ gửi một lần."
    )

    def handle(self, *args, **options):
        created, mailed = deadlines_notify()
        self.stdout.write(f"Thông báo mới: {created}; thư điện tử đã gửi: {mailed}.")
