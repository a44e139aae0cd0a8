"""Every marked string of csd_desktop, and the Arabic text that is not marked.

    python3 scripts/extract_strings.py            # check; exit 1 on unmarked Arabic or a missing English
    python3 scripts/extract_strings.py --update   # add missing sources to en.json (English left empty)
    python3 scripts/extract_strings.py --list     # every marked string with where it is

Marks (csd_desktop/i18n.py): `_("…")` and `N_("…")` are translated, so each needs an English entry in
resources/translations/en.json; `D_("…")` is an official document's wording, Arabic by rule, listed only.
Read with `ast`, so comments and docstrings never count and a string split over lines is one string.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "csd_desktop"
CATALOGUE = ROOT / "resources" / "translations" / "en.json"
TRANSLATED = ("_", "N_")
DOCUMENT = "D_"
# Where Arabic is data, not words of the program: why each is allowed.
ALLOWED = {
    "db/migrations": "migrations keep the words of their time",
    "domain/arabic.py": "normalisation tables (letters, not words)",
    "services/reference_data.py": "reference data loading",
    "services/demo.py": "the demo office's data: citizens' names, subjects and notes",
    "i18n.py": "the translation function itself",
}
_PLACEHOLDER = re.compile(r"(?<!\{)\{(\w*)[^{}]*\}(?!\})")


def is_arabic(text: str) -> bool:
    """Any Arabic letter (a tatweel, a diacritic or an Arabic-Indic digit alone is not a word)."""
    return any(
        unicodedata.category(ch) == "Lo" and unicodedata.name(ch, "").startswith("ARABIC") for ch in text
    )


def arabic_script(text: str) -> bool:
    """Any Arabic character at all: a marked "؛ " needs its English "; " too."""
    return any(unicodedata.name(ch, "").startswith("ARABIC") for ch in text)


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


@dataclass
class Scan:
    translated: dict[str, list[str]] = field(default_factory=dict)  # source → places
    documents: dict[str, list[str]] = field(default_factory=dict)
    unmarked: list[tuple[str, str]] = field(default_factory=list)  # (place, text)


def _allowed(relative: str) -> bool:
    return any(relative == a or relative.startswith(a + "/") for a in ALLOWED)


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _mark(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
        if node.func.id in (*TRANSLATED, DOCUMENT):
            return node.func.id
    return None


def scan_file(path: Path, into: Scan) -> None:
    relative = path.relative_to(PACKAGE).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    docstrings = _docstrings(tree)
    marked: set[int] = set()
    for node in ast.walk(tree):
        mark = _mark(node)
        if mark is None:
            continue
        assert isinstance(node, ast.Call)
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            marked.add(id(first))
            table = into.documents if mark == DOCUMENT else into.translated
            table.setdefault(first.value, []).append(f"{relative}:{first.lineno}")
    if _allowed(relative):
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and is_arabic(node.value):
            if id(node) not in marked and id(node) not in docstrings:
                into.unmarked.append((f"{relative}:{node.lineno}", node.value))


def scan(package: Path = PACKAGE) -> Scan:
    result = Scan()
    for path in sorted(package.rglob("*.py")):
        scan_file(path, result)
    return result


def load_catalogue(path: Path = CATALOGUE) -> dict[str, str]:
    with path.open(encoding="utf-8") as f:
        data: dict[str, str] = json.load(f)
    return data


def missing_english(found: Scan, catalogue: dict[str, str]) -> list[str]:
    """Marked Arabic sources with no English (an empty entry counts as missing)."""
    return sorted(s for s in found.translated if arabic_script(s) and not catalogue.get(s))


def placeholder_mismatches(catalogue: dict[str, str]) -> list[str]:
    """Entries whose English does not take the same `{name}` fields as the Arabic."""
    return sorted(s for s, t in catalogue.items() if t and placeholders(s) != placeholders(t))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--update", action="store_true", help="add missing sources to the catalogue")
    parser.add_argument("--list", action="store_true", help="print every marked string")
    args = parser.parse_args(argv)
    found = scan()
    catalogue = load_catalogue() if CATALOGUE.exists() else {}
    if args.list:
        for table, tag in ((found.translated, "_"), (found.documents, "D_")):
            for source, places in sorted(table.items()):
                print(f"{tag}\t{', '.join(places)}\t{source}")
        return 0
    if args.update:
        for source in missing_english(found, catalogue):
            catalogue.setdefault(source, "")
        CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(dict(sorted(catalogue.items())), ensure_ascii=False, indent=1)
        CATALOGUE.write_text(text + "\n", encoding="utf-8")
    problems = [f"unmarked Arabic at {place}: {text!r}" for place, text in found.unmarked]
    problems += [f"no English for: {source!r}" for source in missing_english(found, catalogue)]
    problems += [f"placeholders differ: {source!r}" for source in placeholder_mismatches(catalogue)]
    for line in problems:
        print(line)
    print(
        f"{len(found.translated)} translated strings, {len(found.documents)} document strings, "
        f"{len(problems)} problems",
        file=sys.stderr,
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
