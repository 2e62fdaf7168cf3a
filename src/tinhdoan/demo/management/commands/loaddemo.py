import time

from django.core.management.base import BaseCommand

from tinhdoan.accounts.services import random_password
from tinhdoan.demo import lang_son
from tinhdoan.demo.services import demo_load


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa Tỉnh đoàn Lạng Sơn (chạy lại nhiều lần vẫn an toàn)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", help="Mật khẩu cho mọi tài khoản demo (mặc định: ngẫu nhiên)."
        )

    def handle(self, *args, password, **options):
        password = password or random_password()
        started = time.monotonic()
        step = 0

        def progress(message: str) -> None:
            nonlocal step
            step += 1
            self.stdout.write(f"[{step}] {message} ({time.monotonic() - started:.1f} s)")

        rows = demo_load(password=password, progress=progress)
        self.stdout.write("")
        self.stdout.write(
            "Dữ liệu minh họa Tỉnh đoàn Lạng Sơn đã sẵn sàng. Các số liệu chỉ tiêu là minh họa."
        )
        self.stdout.write(f"Tài khoản demo (mật khẩu chung: {password}):")
        named = len(lang_son.DEMO_USERS) + 1  # the named accounts and one commune's officer
        width = max(len(r[0]) for r in rows)
        for username, role, unit in rows[:named]:
            self.stdout.write(f"  {username:<{width}}  {role} — {unit}")
        if len(rows) > named:
            self.stdout.write(
                f"  … và {len(rows) - named} tài khoản cán bộ Đoàn xã, phường khác (doan.<mã xã>)."
            )
        self.stdout.write(
            "Tài khoản quản trị và lãnh đạo dùng xác thực hai lớp: lần đăng nhập đầu tiên, thêm khóa "
            "hiện trên trang vào ứng dụng xác thực (Google Authenticator, FreeOTP…) rồi nhập mã."
        )
