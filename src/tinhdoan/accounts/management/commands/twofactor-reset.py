from django.core.management.base import BaseCommand, CommandError

from tinhdoan.accounts.management.users import user_named
from tinhdoan.accounts.services import totp_device_reset


class Command(BaseCommand):
    help = (
        "Đặt lại đăng nhập hai lớp của một người dùng (mất điện thoại): xóa ứng dụng xác thực "
        "đã thiết lập; người đó thiết lập lại bằng đường dẫn mời mới (tinhdoan twofactor-invite)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = user_named(username)
        if not totp_device_reset(user=user):
            raise CommandError(f"Người dùng {username} chưa thiết lập đăng nhập hai lớp.")
        self.stdout.write(
            f"Đã đặt lại đăng nhập hai lớp của {username}. Gửi cho người đó đường dẫn mời mới "
            f"để thiết lập lại ứng dụng xác thực: tinhdoan twofactor-invite {username}"
        )
