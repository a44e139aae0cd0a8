"""What each role may do: the one table of grants, and the check every service makes first."""

from __future__ import annotations

from ..domain.enums import LabelledEnum, Role
from ..errors import PermissionDenied
from ..i18n import N_
from .sign_in import Actor


class Permission(LabelledEnum):
    """One kind of work; the label completes «ليست لديك صلاحية …» in a refusal."""

    VIEW_CASES = "view_cases", N_("الاطلاع على الطلبات")
    REGISTER_CASE = "register_case", N_("تسجيل الطلبات وطباعة وصولاتها")
    ADD_NOTE = "add_note", N_("إضافة ملاحظات المتابعة")
    FOLLOW_UP = "follow_up", N_("متابعة الطلبات (الإحالة والردود والإغلاق)")
    VIEW_REPORTS = "view_reports", N_("عرض التقارير وتصديرها")
    LOCK_MONTH = "lock_month", N_("إقفال الشهر")
    SYNC = "sync", N_("مزامنة البيانات مع المكتب المركزي")
    VERIFY_AUDIT = "verify_audit", N_("فحص سجل التدقيق")
    MANAGE_SETTINGS = "manage_settings", N_("تغيير الإعدادات")
    MANAGE_USERS = "manage_users", N_("إدارة المستخدمين")
    MANAGE_REFERENCE_DATA = "manage_reference_data", N_("تعديل البيانات المرجعية")
    BACKUP = "backup", N_("النسخ الاحتياطي")
    RESTORE = "restore", N_("استعادة نسخة احتياطية")
    DEMO_DATA = "demo_data", N_("إضافة بيانات تجريبية")


_CLERK = frozenset({Permission.VIEW_CASES, Permission.REGISTER_CASE, Permission.ADD_NOTE})
_OFFICER = _CLERK | {Permission.FOLLOW_UP}
# "Everything in the office": the cases, its reports and locking its months, its settings (KPI
# targets), its exchange with the central office and its audit trail; not the station's users or files.
_MANAGER = _OFFICER | {
    Permission.VIEW_REPORTS,
    Permission.LOCK_MONTH,
    Permission.SYNC,
    Permission.VERIFY_AUDIT,
    Permission.MANAGE_SETTINGS,
}

# The one table of who may do what. The administrator holds every grant: a small office's
# administrator often registers and follows up cases too.
GRANTS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: _CLERK,
    Role.OFFICER: _OFFICER,
    Role.MANAGER: _MANAGER,
    Role.ADMIN: frozenset(Permission),
}

DENIED = N_("ليست لديك صلاحية {permission}: هذا ليس من عمل «{role}». اطلب ذلك ممن يملك الصلاحية.")


def allows(actor: Actor, permission: Permission) -> bool:
    return permission in GRANTS[actor.role]


def why_not(actor: Actor, permission: Permission) -> str | None:
    """Why the actor may not do this work (what a disabled button's tooltip says), or None."""
    try:
        require(actor, permission)
    except PermissionDenied as e:
        return e.message
    return None


def require(actor: Actor, permission: Permission) -> None:
    """Refuse, with the work and the role named, before anything is read or written."""
    if not allows(actor, permission):
        raise PermissionDenied(DENIED, permission=permission.label, role=actor.role.label)
