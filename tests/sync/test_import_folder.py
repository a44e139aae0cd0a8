"""`csd-central import FOLDER`: every bundle of a folder (a stick brought by car, or the server's
received folder), whatever order they lie in, each applied once."""

from __future__ import annotations

import json
import shutil
import sqlite3

from tests.sync.conftest import World


def test_a_folder_of_bundles_in_any_order_is_applied_once(world: World) -> None:
    w = world
    first, second = w.folder / "first.csdsync", w.folder / "second.csdsync"
    w.add_case("BGDGO-1")
    assert w.csd("BGDGO-1", "sync", "export", "--out", str(first)).exit_code == 0
    w.add_case("BGDGO-1", subject="تجمع النفايات في الشارع الرئيسي", category="waste", entity=None)
    assert w.csd("BGDGO-1", "sync", "export", "--out", str(second)).exit_code == 0  # both cases again
    stick = w.folder / "stick"
    stick.mkdir()
    shutil.copy(second, stick / "a.csdsync")  # the later bundle comes first by name
    shutil.copy(first, stick / "b.csdsync")
    (stick / "notes.txt").write_text("not a bundle", encoding="utf-8")

    result = w.central("--json", "import", str(stick))
    assert result.exit_code == 0, result.output
    results = {r["file"].rsplit("/", 1)[-1]: r for r in json.loads(result.stdout)["results"]}
    assert set(results) == {"a.csdsync", "b.csdsync"}  # only bundles, each once
    assert all(r["ok"] for r in results.values())
    # Both cases reached the office's other desk once, whatever the order they arrived in.
    w.send("BGDGO-2")  # the central answers a desk it has heard from
    w.receive("BGDGO-2")
    con = sqlite3.connect(w.stations["BGDGO-2"])
    references = [r[0] for r in con.execute("SELECT reference FROM cases")]
    con.close()
    assert len(references) == len(set(references)) == 2
