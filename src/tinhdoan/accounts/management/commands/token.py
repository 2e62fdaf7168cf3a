from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tinhdoan.accounts.services import token_create


class Command(BaseCommand):
    help = "Tạo mã truy cập API (Bearer token) cho một người dùng và in ra một lần."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Không có người dùng {username}.") from None
        self.stdout.write(token_create(user=user))
