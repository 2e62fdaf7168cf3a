from django.core.management.base import BaseCommand, CommandError

from tinhdoan.accounts.services import AccountError, login_unlock


class Command(BaseCommand):
    help = (
        "Mở khóa đăng nhập của một tài khoản bị khóa vì nhập sai quá nhiều lần "
        "(sau khi đã xác minh chủ tài khoản)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            login_unlock(username=username)
        except AccountError:
            raise CommandError(f"Không có người dùng {username}.") from None
        self.stdout.write(f"Đã mở khóa đăng nhập của {username}.")
