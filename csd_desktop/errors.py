"""Errors that reach people: a stable code, a marked Arabic template with its parameters, and the form
field if any. The message is translated where it is shown (`message`), not where it is raised."""

from __future__ import annotations

from .i18n import _


class CsdError(Exception):
    """An expected failure with a message a clerk can read. Never carries a traceback to the user.

    `template` is marked with N_ where it is raised; its `{name}` placeholders take `params`. A
    subclass names its stable code in its header: `class NotFound(CsdError, code="not_found")`."""

    code = "error"

    def __init_subclass__(cls, code: str = "", **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if code:
            cls.code = code

    def __init__(
        self, template: str, *, field: str | None = None, code: str | None = None, **params: object
    ) -> None:
        super().__init__(template)
        self.template = template
        self.params = params
        self.field = field
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        """In the language of the moment (Arabic inside an official document)."""
        text = _(self.template)
        return text.format(**self.params) if self.params else text

    def __str__(self) -> str:
        return self.message


class ValidationError(CsdError, code="invalid"):
    """Input that breaks a rule; `field` names the form field when there is one."""


class FormErrors(CsdError, code="invalid_form"):
    """Several invalid fields at once, so a form can mark each of them."""

    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__("")
        self.errors = errors

    @property
    def message(self) -> str:
        return _("؛ ").join(e.message for e in self.errors)


class NotFound(CsdError, code="not_found"): ...


class PermissionDenied(CsdError, code="permission_denied"): ...


class AuthenticationFailed(CsdError, code="authentication_failed"): ...


class SetupRequired(CsdError, code="setup_required"): ...


# ---- the station's files: each fault says what happened and what to do (db/faults.py maps them) ----


class DatabaseFault(CsdError, code="database_fault"):
    """The database file cannot be used as asked: nothing of this action was saved."""


class DatabaseReadOnly(DatabaseFault, code="database_read_only"): ...


class DatabaseFolderReadOnly(DatabaseFault, code="database_folder_read_only"): ...


class DiskFull(DatabaseFault, code="disk_full"): ...


class DiskError(DatabaseFault, code="disk_error"): ...


class DatabaseBusy(DatabaseFault, code="database_busy"): ...


class DatabaseCorrupt(DatabaseFault, code="database_corrupt"): ...


class AlreadyOpen(DatabaseFault, code="already_open"): ...


class DatabaseUnhealthy(DatabaseFault, code="database_unhealthy"):
    """The integrity check failed: saving is blocked until the database is restored."""


class ReferenceCheckMismatch(ValidationError, code="reference_check_mismatch"):
    """A reference whose check character does not match its digits: a typing error somewhere.
    Never opened as if it were right; `suggestions` are references on file it may have meant."""

    def __init__(self, template: str, suggestions: tuple[str, ...], **params: object) -> None:
        super().__init__(template, field="reference", **params)
        self.suggestions = suggestions


class CitizenDetailsDiffer(CsdError, code="citizen_details_differ"):
    """A returning citizen's details on file differ from those typed: the clerk must confirm the
    change (old beside new) before the citizen's stored details change."""

    def __init__(self, template: str, changes: tuple[tuple[str, str, str], ...], **params: object) -> None:
        super().__init__(template, **params)
        self.changes = changes  # (field label, on file, typed)


class FileWriteFailed(CsdError, code="file_write_failed"):
    """A file the user asked for (a report, a receipt, a letter) could not be written."""
