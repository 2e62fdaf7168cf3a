"""Quality of `tinhdoan ingest` against NAME.txt + NAME.expected.json pairs.

    python bench/ingest_quality.py [FOLDER ...]
    python bench/ingest_quality.py --split dev|test

Without arguments: the development set and the seed. With --split: one part of
the corpus of the genre (bench/ingest_corpus/, NN.txt + NN.json, the parts
listed in its split.json); the dev part also scores the development set and the
seed, so rules tuned on it keep them exact. The test part is for reporting only:
rules are never tuned against it.

Prints one JSON object: precision, recall and F1 per field, and macro_f1.
Scalar fields match exactly (NFC). List items match when the token-level F1 of
their text (NFC, lowercase) is at least 0.5 and their numbers are equal.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from tinhdoan.ingest.extraction import extract_record  # noqa: E402
from tinhdoan.ingest.normalizing import normalize  # noqa: E402
from tinhdoan.lib.textfile import decode_text  # noqa: E402

TEST_DATA = REPO / "src" / "tinhdoan" / "ingest" / "tests" / "data"
DEFAULT_FOLDERS = [TEST_DATA / "ingest-dev", TEST_DATA / "seed"]
CORPUS = REPO / "bench" / "ingest_corpus"
SCALAR_FIELDS = [
    "title",
    "published",
    "meeting_date",
    "meeting_date_text",
    "period_reviewed",
    "host_organization",
    "author",
]
LIST_FIELDS = ["leaders", "achievements", "congresses", "topics", "directives", "recommendations"]
MATCH_THRESHOLD = 0.5


def _norm(value) -> str:
    return unicodedata.normalize("NFC", str(value)).strip().lower()


def _tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", _norm(text)))


def token_f1(a: str, b: str) -> float:
    ta, tb = _tokens(a), _tokens(b)
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    precision = common / sum(ta.values())
    recall = common / sum(tb.values())
    return 2 * precision * recall / (precision + recall)


def _item_text(field: str, item) -> str:
    if isinstance(item, str):
        return item
    if field == "leaders":
        return " ".join([item["name"], *item.get("positions", [])])
    return item.get("text") or ""


def _item_numbers(field: str, item) -> tuple:
    if field == "achievements":
        return item.get("done"), item.get("total")
    if field == "congresses":
        return item.get("ordinal"), item.get("term")
    return ()


def match_items(field: str, predicted: list, expected: list) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (expected index, predicted index), best F1 first."""
    candidates = []
    for i, exp in enumerate(expected):
        for j, pred in enumerate(predicted):
            if _item_numbers(field, exp) != _item_numbers(field, pred):
                continue
            score = token_f1(_item_text(field, pred), _item_text(field, exp))
            if score >= MATCH_THRESHOLD:
                candidates.append((score, i, j))
    pairs, used_e, used_p = [], set(), set()
    for _score, i, j in sorted(candidates, reverse=True):
        if i not in used_e and j not in used_p:
            pairs.append((i, j))
            used_e.add(i)
            used_p.add(j)
    return pairs


def _prf(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": tp, "fp": fp, "fn": fn}  # fmt: skip


def pairs_in(folders: list[Path]) -> list[tuple[Path, Path]]:
    pairs = []
    for folder in folders:
        for expected in sorted(folder.glob("*.expected.json")):
            text = expected.with_name(expected.name.replace(".expected.json", ".txt"))
            if text.exists():
                pairs.append((text, expected))
    return pairs


def corpus_pairs(split: str) -> list[tuple[Path, Path]]:
    """The corpus texts of one split, as (NN.txt, NN.json) pairs."""
    names = json.loads((CORPUS / "split.json").read_text(encoding="utf-8"))[split]
    return [(CORPUS / f"{name}.txt", CORPUS / f"{name}.json") for name in names]


def evaluate(pairs: list[tuple[Path, Path]]) -> dict:
    counts = {name: [0, 0, 0] for name in SCALAR_FIELDS + LIST_FIELDS}
    detail = {
        "directive_assignee": [0, 0],
        "directive_deadline": [0, 0],
        "leader_positions": [0, 0],
    }
    for n, (text_path, expected_path) in enumerate(pairs, 1):
        print(f"[{n}/{len(pairs)}] {text_path.name}", file=sys.stderr)
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        text = normalize(decode_text(text_path.read_bytes())).text
        record = extract_record(text)
        for name in SCALAR_FIELDS:
            exp, pred = expected.get(name), record.get(name)
            same = exp is not None and pred is not None and _norm(exp) == _norm(pred)
            counts[name][0] += same
            counts[name][1] += pred is not None and not same
            counts[name][2] += exp is not None and not same
        for name in LIST_FIELDS:
            exp_items, pred_items = expected.get(name) or [], record.get(name) or []
            pairs_found = match_items(name, pred_items, exp_items)
            counts[name][0] += len(pairs_found)
            counts[name][1] += len(pred_items) - len(pairs_found)
            counts[name][2] += len(exp_items) - len(pairs_found)
            for i, j in pairs_found:
                exp, pred = exp_items[i], pred_items[j]
                if name == "directives":
                    detail["directive_assignee"][0] += _norm(exp.get("assignee")) == _norm(
                        pred.get("assignee")
                    )
                    detail["directive_assignee"][1] += 1
                    detail["directive_deadline"][0] += exp.get("deadline") == pred.get("deadline")
                    detail["directive_deadline"][1] += 1
                if name == "leaders":
                    detail["leader_positions"][0] += [_norm(p) for p in exp["positions"]] == [
                        _norm(p) for p in pred["positions"]
                    ]
                    detail["leader_positions"][1] += 1
    fields = {name: _prf(*counts[name]) for name in counts}
    scored = [f["f1"] for f in fields.values() if f["tp"] + f["fp"] + f["fn"]]
    return {
        "documents": len(pairs),
        "fields": fields,
        "matched_item_accuracy": {
            name: round(ok / total, 4) if total else None for name, (ok, total) in detail.items()
        },
        "macro_f1": round(sum(scored) / len(scored), 4) if scored else None,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--split", choices=("dev", "test"))
    args = parser.parse_args(argv)
    if args.split:
        pairs = corpus_pairs(args.split)
        if args.split == "dev":
            pairs += pairs_in(args.folders or DEFAULT_FOLDERS)
    else:
        pairs = pairs_in(args.folders or DEFAULT_FOLDERS)
    if not pairs:
        print("Không thấy cặp NAME.txt + NAME.expected.json nào.", file=sys.stderr)
        return 1
    print(json.dumps(evaluate(pairs), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
