"""KPIs: the seeded defaults, editing them (admins and managers only), and actual against target."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from csd_desktop.db.engine import Database
from csd_desktop.db.models import KpiDefinition
from csd_desktop.domain.enums import Role
from csd_desktop.errors import FormErrors, NotFound, PermissionDenied
from csd_desktop.services import figures, kpis, users
from csd_desktop.services.figures import Period, Scope
from csd_desktop.services.users import Actor
from tests import report_scenario

scenario = report_scenario.scenario
scenario_db = report_scenario.scenario_db

OCTOBER = Period.month(2026, 10)


def results(db: Database, period: Period = OCTOBER) -> dict[str, kpis.KpiResult]:
    office = Scope(office_id=users.first_admin(db).office_id)
    f = figures.compute(db, office, period)
    with db.read() as s:
        return {r.kpi.code: r for r in kpis.evaluate_all(s, f)}


def someone(db: Database, actor: Actor, role: Role) -> Actor:
    return users.create_user(
        db, actor, username=f"u{role.value}", full_name="موظف المكتب", role=role, password="long-password"
    )


def test_defaults_from_seed_002_are_there(db: Database) -> None:
    items = {k.code: k for k in kpis.list_kpis(db)}
    assert list(items) == [
        "complaints_within_sla",
        "satisfaction",
        "resolution_rate",
        "overdue_share",
        "days_to_close",
    ]
    sla = items["complaints_within_sla"]
    assert (sla.figure, sla.target, sla.unit, sla.frequency, sla.higher_is_better) == (
        "kind.complaint.within_sla_share",
        95.0,
        "percent",
        "monthly",
        True,
    )
    assert (items["satisfaction"].target, items["overdue_share"].higher_is_better) == (90.0, False)
    for k in items.values():
        assert k.figure in kpis.figure_choices()


def test_seeding_again_adds_nothing(db: Database) -> None:
    import importlib.util

    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    from csd_desktop.db.migrate import MIGRATIONS

    spec = importlib.util.spec_from_file_location("m0003", MIGRATIONS / "versions" / "0003_reports.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with db.write_engine.begin() as conn:
        with Operations.context(MigrationContext.configure(conn)):
            module.seed_default_kpis()
    with db.read() as s:
        assert len(s.scalars(select(KpiDefinition.code)).all()) == 5


def test_october_kpis_against_hand_computed_actuals(scenario_db: Database) -> None:
    r = results(scenario_db)
    # complaints due in October: A B D G, on time A D G → 75%; rated 5 2 4 → 2 of 3 satisfied;
    # resolved 2 of 3 closed; overdue 1 of 4 open; days to close (4 + 4 + 19) / 3 = 9.
    assert {code: (x.actual, x.met) for code, x in r.items()} == {
        "complaints_within_sla": (75.0, False),
        "satisfaction": (66.67, False),
        "resolution_rate": (66.67, False),
        "overdue_share": (25.0, False),
        "days_to_close": (9.0, True),
    }


def test_an_empty_month_has_no_data_rather_than_a_failure(scenario_db: Database) -> None:
    r = results(scenario_db, Period.month(2026, 6))
    assert all((x.actual, x.met) == (None, None) for x in r.values())


def test_admin_changes_a_target_and_the_verdict_follows(scenario_db: Database) -> None:
    admin = users.first_admin(scenario_db)
    changed = kpis.update_kpi(scenario_db, admin, "complaints_within_sla", target="٧٠")
    assert changed.target == 70.0
    assert results(scenario_db)["complaints_within_sla"].met is True


def test_lower_is_better_compares_the_other_way(scenario_db: Database) -> None:
    admin = users.first_admin(scenario_db)
    kpis.update_kpi(scenario_db, admin, "overdue_share", target=25)
    assert results(scenario_db)["overdue_share"].met is True  # 25% overdue, at most 25% wanted


def test_a_clerk_may_not_edit_kpis(db: Database, actor: Actor) -> None:
    clerk = someone(db, actor, Role.CLERK)
    with pytest.raises(PermissionDenied):
        kpis.update_kpi(db, clerk, "satisfaction", target=80)
    manager = someone(db, actor, Role.MANAGER)
    assert kpis.update_kpi(db, manager, "satisfaction", target=85).target == 85.0


def test_bad_values_are_refused_with_arabic_messages(db: Database, actor: Actor) -> None:
    with pytest.raises(FormErrors) as e:
        kpis.update_kpi(
            db, actor, "satisfaction", target="كثير", figure="nothing", frequency="daily", unit="km"
        )
    assert {x.field for x in e.value.errors} == {"target", "figure", "frequency", "unit"}
    assert "رقم" in e.value.message
    with pytest.raises(NotFound):
        kpis.update_kpi(db, actor, "no_such_kpi", target=5)


def test_a_new_kpi_and_switching_one_off(scenario_db: Database) -> None:
    admin = users.first_admin(scenario_db)
    kpis.update_kpi(
        scenario_db,
        admin,
        "inquiries_within_sla",
        name="نسبة الاستفسارات المُجاب عنها خلال المدة",
        figure="kind.inquiry.within_sla_share",
        frequency="monthly",
        target=90,
        unit="percent",
    )
    kpis.update_kpi(scenario_db, admin, "days_to_close", active=False)
    r = results(scenario_db)
    assert (r["inquiries_within_sla"].actual, r["inquiries_within_sla"].met) == (0.0, False)  # F was late
    assert "days_to_close" not in r


def test_frequency_decides_which_reports_show_a_kpi(db: Database, actor: Actor) -> None:
    kpis.update_kpi(db, actor, "satisfaction", frequency="quarterly")
    k = next(k for k in kpis.list_kpis(db) if k.code == "satisfaction")
    assert not kpis.applies(k, OCTOBER)
    assert kpis.applies(k, Period.quarter(2026, 4))
    assert kpis.applies(k, Period.year(2026))
