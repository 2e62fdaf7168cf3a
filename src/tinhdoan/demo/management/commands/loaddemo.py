import time

from django.core.management.base import BaseCommand

from tinhdoan.accounts.selectors import invitation_url
from tinhdoan.accounts.services import random_password
from tinhdoan.demo import lang_son
from tinhdoan.demo.services import demo_load, demo_twofactor_invitations


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa Tỉnh đoàn Lạng Sơn (chạy lại nhiều lần vẫn an toàn)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", help="Mật khẩu cho mọi tài khoản demo (mặc định: ngẫu nhiên)."
        )
        parser.add_argument(
            "--base-url",
            help="Địa chỉ mở hệ thống, cho đường dẫn mời xác thực hai lớp "
            "(mặc định: TINHDOAN_SITE_URL, http://127.0.0.1:8000).",
        )

    def handle(self, *args, password, base_url=None, **options):
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
        invitations = demo_twofactor_invitations()
        self.stdout.write(
            "Tài khoản quản trị và lãnh đạo dùng xác thực hai lớp: mở đường dẫn mời (dùng một lần, "
            "hết hạn sau 24 giờ), đăng nhập, quét mã QR bằng ứng dụng xác thực (Google "
            "Authenticator, FreeOTP…) rồi nhập mã:"
        )
        for username, code in invitations:
            if code is None:
                self.stdout.write(
                    f"  {username:<{width}}  đã thiết lập (làm lại: tinhdoan twofactor-reset "
                    f"{username}, rồi tinhdoan twofactor-invite {username})"
                )
            else:
                self.stdout.write(
                    f"  {username:<{width}}  {invitation_url(code, base_url=base_url)}"
                )
