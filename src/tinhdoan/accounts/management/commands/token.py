from django.core.management.base import BaseCommand

from tinhdoan.accounts.management.users import user_named
from tinhdoan.accounts.services import token_create


class Command(BaseCommand):
    help = "Tạo mã truy cập API (Bearer token) cho một người dùng và in ra một lần."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = user_named(username)
        self.stdout.write(token_create(user=user))
