"""Speed of `tinhdoan ingest` extraction: articles per second on one core.

    python bench/ingest_speed.py [FOLDER ...] [--count 200]

Runs decoding, normalization and extraction over the texts of the folders
(default: the development set and the seed) repeated to --count texts, after
one warm-up pass that loads the models. Prints JSON with the rate and its
ratio to a reference run in the same process: NFC normalization and regex
tokenization of the same texts.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import unicodedata
from itertools import cycle, islice
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from tinhdoan.ingest.extraction import extract_record  # noqa: E402
from tinhdoan.ingest.normalizing import normalize  # noqa: E402
from tinhdoan.lib.textfile import decode_text  # noqa: E402

TEST_DATA = REPO / "src" / "tinhdoan" / "ingest" / "tests" / "data"
DEFAULT_FOLDERS = [TEST_DATA / "ingest-dev", TEST_DATA / "seed"]


def _extract(data: bytes) -> None:
    extract_record(normalize(decode_text(data)).text)


def _reference(data: bytes) -> None:
    re.findall(r"\w+", unicodedata.normalize("NFC", data.decode("utf-8", "replace")))


def _rate(function, texts: list[bytes], label: str) -> tuple[float, float]:
    start = time.perf_counter()
    for n, data in enumerate(texts, 1):
        function(data)
        if n % 50 == 0:
            print(f"{label}: {n}/{len(texts)}", file=sys.stderr)
    seconds = time.perf_counter() - start
    return len(texts) / seconds, seconds


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    folders = args.folders or DEFAULT_FOLDERS
    sources = [p.read_bytes() for folder in folders for p in sorted(folder.glob("*.txt"))]
    if not sources:
        print("Không thấy tệp .txt nào.", file=sys.stderr)
        return 1
    texts = list(islice(cycle(sources), args.count))
    print("Nạp mô hình (chạy khởi động)…", file=sys.stderr)
    for data in sources:
        _extract(data)
    rate, seconds = _rate(_extract, texts, "extract")
    reference_rate, reference_seconds = _rate(_reference, texts, "reference")
    print(
        json.dumps(
            {
                "articles": len(texts),
                "distinct_texts": len(sources),
                "seconds": round(seconds, 3),
                "articles_per_second": round(rate, 1),
                "goal_articles_per_second": 20,
                "reference": "NFC normalization + regex word tokenization of the same texts",
                "reference_articles_per_second": round(reference_rate, 1),
                "ratio_to_reference": round(rate / reference_rate, 5),
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
