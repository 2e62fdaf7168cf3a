import io
import json

import pytest
from django.core.management import CommandError, call_command


def _run(*args) -> str:
    out = io.StringIO()
    call_command("ingest", *args, stdout=out)
    return out.getvalue()


def test_command_prints_the_record_as_json(seed_path):
    record = json.loads(_run(str(seed_path), "--json"))

    assert record["meeting_date"] == "2018-01-09"
    assert len(record["directives"]) == 7
    assert record["warnings"]


def test_published_option_overrides_the_date_line_and_says_so(seed_path):
    record = json.loads(_run(str(seed_path), "--json", "--published", "2018-01-09"))

    assert record["published"] == "2018-01-09"
    assert record["meeting_date"] == "2018-01-09"
    assert any("02/08/2021" in w for w in record["warnings"])


def test_empty_file_exits_with_a_vietnamese_error(tmp_path):
    path = tmp_path / "rong.txt"
    path.write_bytes(b"")

    with pytest.raises(CommandError, match="Tệp rỗng"):
        _run(str(path), "--json")


def test_binary_renamed_txt_exits_with_an_error(tmp_path):
    path = tmp_path / "du-lieu.txt"
    path.write_bytes(bytes(range(256)) * 8)

    with pytest.raises(CommandError, match="không phải văn bản"):
        _run(str(path), "--json")


def test_bad_published_date_is_refused(seed_path):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _run(str(seed_path), "--published", "02/08/2021")
