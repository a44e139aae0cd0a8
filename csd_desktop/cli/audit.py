"""`csd audit verify`: is the audit trail as the application wrote it?"""

from __future__ import annotations

import click

from ..errors import CsdError
from ..i18n import _
from ..services import audit as audit_trail
from ..services import users
from .context import Context, emit, pass_context


class AuditBroken(CsdError):
    code = "audit_broken"


@click.group()
def audit() -> None:
    """The audit trail."""


@audit.command("verify")
@pass_context
def verify(ctx: Context) -> None:
    """Check the chain of audit records and the append-only guards; exit 2 naming the first break."""
    users.require(ctx.actor(), users.Permission.VERIFY_AUDIT)
    verdict = audit_trail.verify(ctx.db)
    if not verdict.ok:
        raise AuditBroken(describe(verdict))
    emit(
        ctx,
        {"ok": True, "records": verdict.records},
        lambda: _("سجل التدقيق سليم: {n} سجلاً متسلسلاً دون تعديل أو حذف.").format(n=verdict.records),
    )


def describe(verdict: audit_trail.AuditVerdict) -> str:
    lines = []
    brk = verdict.first_break
    if brk is not None:
        lines.append(
            _(
                "سجل التدقيق عُبث به من خارج البرنامج. أول سجل مكسور: رقم {seq}، بتاريخ {at}، «{action}»: {reason}."
            ).format(
                seq=brk.seq if brk.seq is not None else "-",
                at=f"\u2066{brk.at:%Y-%m-%d %H:%M:%S}\u2069",
                action=brk.action,
                reason=brk.reason,
            )
        )
    if verdict.missing_guards:
        lines.append(
            _("أُزيلت حماية الإضافة فقط (لا تعديل ولا حذف) من قاعدة البيانات: {names}.").format(
                names="، ".join(verdict.missing_guards)
            )
        )
    return "\n".join(lines)
