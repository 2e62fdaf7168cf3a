"""`tinhdoan report <kind> ...`: one command for every report, each kind in its own app.

A report kind is an object with `help`, `add_arguments(parser)` and
`handle(command, **options)`; add it to REPORTS with one line.
"""

from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from tinhdoan.lib.replica import reads_from_replica

REPORTS = {
    "briefing": "tinhdoan.briefings.report.briefing_report_command",
    "directives": "tinhdoan.meetings.reports.directives_report_command",
    "conclusions": "tinhdoan.meetings.notice.conclusions_report_command",
    "congresses": "tinhdoan.congresses.reports.congresses_report_command",
    "cooperation": "tinhdoan.cooperation.reports.review_report_command",
    "exemplars": "tinhdoan.cooperation.reports.exemplars_report_command",
    "results": "tinhdoan.rollup.report.results_report_command",
}


class Command(BaseCommand):
    help = "Lập báo cáo: tinhdoan report <loại> … (loại: " + ", ".join(REPORTS) + ")."

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="report", required=True, metavar="<loại báo cáo>")
        for name, path in REPORTS.items():
            report = import_string(path)
            report.add_arguments(kinds.add_parser(name, help=report.help))

    def handle(self, *args, report, **options):
        with reads_from_replica():
            import_string(REPORTS[report]).handle(self, **options)
