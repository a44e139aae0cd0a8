"""`csd case` against a returning citizen and mistyped references, as a script or a clerk uses it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import CASE, csd, office  # noqa: F401  (office is a fixture)


def _add(db: Path, case: dict[str, object]) -> tuple[int, str, str]:
    run = csd(db, "--json", "case", "add", "--json", "-", stdin=json.dumps(case, ensure_ascii=False))
    return run.returncode, run.stdout, run.stderr


def test_a_known_card_with_another_name_is_refused_until_confirmed(office: Path) -> None:  # noqa: F811
    code, out, _err = _add(office, CASE)
    assert code == 0
    first = json.loads(out)["reference"]
    renamed = {**CASE, "citizen": {**CASE["citizen"], "full_name": "فاطمة علي حسين العبيدي"}}  # type: ignore[dict-item]

    code, out, err = _add(office, renamed)
    assert code == 2 and out == ""
    refusal = json.loads(err)
    assert refusal["error"] == "citizen_details_differ"
    assert "فاطمة علي حسين الجبوري" in refusal["message"]  # the name on file
    assert refusal["changes"] == [
        {"field": "الاسم", "on_file": "فاطمة علي حسين الجبوري", "typed": "فاطمة علي حسين العبيدي"}
    ]
    assert len(json.loads(csd(office, "--json", "case", "find", "07701234567").stdout)) == 1

    code, out, _err = _add(office, {**renamed, "confirm_citizen_update": True})
    assert code == 0
    second = json.loads(out)["reference"]
    shown = json.loads(csd(office, "--json", "case", "show", first).stdout)
    assert shown["citizen_name"] == "فاطمة علي حسين الجبوري"  # as registered, not rewritten
    for name in ("الجبوري", "العبيدي"):
        found = json.loads(csd(office, "--json", "case", "find", name).stdout)
        assert {f["reference"] for f in found} == {first, second}, name


def test_a_wrong_check_character_exits_2_with_the_reference_on_file(office: Path) -> None:  # noqa: F811
    _code, out, _err = _add(office, CASE)
    reference = json.loads(out)["reference"]
    wrong = reference[:-1] + str((int(reference[-1]) + 1) % 10)
    for command in ("show", "find"):
        run = csd(office, "case", command, wrong)
        assert run.returncode == 2, run.stderr
        assert run.stdout == ""
        assert f"هل تقصد {reference}؟" in run.stderr
    run = csd(office, "--json", "case", "find", wrong)
    assert json.loads(run.stderr)["suggestions"] == [reference]
