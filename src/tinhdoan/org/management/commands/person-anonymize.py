from django.core.management.base import BaseCommand, CommandError

from tinhdoan.org.personal_data import person_anonymize, person_get


class Command(BaseCommand):
    help = "Xóa thông tin định danh của một người, giữ lại chức vụ, số liệu và quyết định (không còn tên)."

    def add_arguments(self, parser):
        parser.add_argument("id")
        parser.add_argument("--yes", action="store_true", help="Không hỏi lại.")

    def handle(self, *args, id, yes, **options):
        try:
            person = person_get(pk=id)
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        if not yes:
            answer = input(f"Ẩn danh {person.full_name}? Không thể hoàn tác. Gõ 'co' để tiếp tục: ")
            if answer.strip().lower() not in {"co", "có"}:
                raise CommandError("Đã hủy; không có gì thay đổi.")
        person = person_anonymize(person=person)
        self.stdout.write(f"Đã ẩn danh: {person.full_name}.")
