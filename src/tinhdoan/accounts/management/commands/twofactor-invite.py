from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tinhdoan.accounts.management.users import user_named
from tinhdoan.accounts.selectors import invitation_url
from tinhdoan.accounts.services import AccountError, invitation_create


class Command(BaseCommand):
    help = (
        "Mời một người dùng cần xác thực hai lớp (quản trị, lãnh đạo) thiết lập ứng dụng xác "
        "thực: in một đường dẫn dùng một lần, hết hạn sau 24 giờ. Lời mời cũ chưa dùng hết hiệu lực."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--base-url",
            help="Địa chỉ người dùng mở hệ thống (mặc định: TINHDOAN_SITE_URL).",
        )

    def handle(self, *args, username, base_url=None, **options):
        user = user_named(username)
        try:
            invitation, code = invitation_create(user=user)
        except AccountError as error:
            raise CommandError(str(error)) from None
        expires = timezone.localtime(invitation.expires_at)
        self.stdout.write(
            f"Đường dẫn thiết lập xác thực hai lớp cho {username} "
            f"(dùng một lần, hết hạn lúc {expires:%H:%M %d/%m/%Y}):"
        )
        self.stdout.write(invitation_url(code, base_url=base_url))
        self.stdout.write(
            "Gửi riêng đường dẫn này cho đúng người đó; người đó mở đường dẫn, đăng nhập bằng "
            "mật khẩu của mình, rồi quét mã QR bằng ứng dụng xác thực."
        )
