"""Errors that reach people: a stable code, an Arabic message, and the form field if any."""

from __future__ import annotations


class CsdError(Exception):
    """An expected failure with a message a clerk can read. Never carries a traceback to the user."""

    code = "error"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code


class ValidationError(CsdError):
    """Input that breaks a rule; `field` names the form field when there is one."""

    code = "invalid"


class FormErrors(CsdError):
    """Several invalid fields at once, so a form can mark each of them."""

    code = "invalid_form"

    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__("؛ ".join(e.message for e in errors))
        self.errors = errors


class NotFound(CsdError):
    code = "not_found"


class PermissionDenied(CsdError):
    code = "permission_denied"


class AuthenticationFailed(CsdError):
    code = "authentication_failed"


class SetupRequired(CsdError):
    code = "setup_required"


# ---- the station's files: each fault says what happened and what to do (db/faults.py maps them) ----


class DatabaseFault(CsdError):
    """The database file cannot be used as asked: nothing of this action was saved."""

    code = "database_fault"


class DatabaseReadOnly(DatabaseFault):
    code = "database_read_only"


class DatabaseFolderReadOnly(DatabaseFault):
    code = "database_folder_read_only"


class DiskFull(DatabaseFault):
    code = "disk_full"


class DiskError(DatabaseFault):
    code = "disk_error"


class DatabaseBusy(DatabaseFault):
    code = "database_busy"


class DatabaseCorrupt(DatabaseFault):
    code = "database_corrupt"


class DatabaseUnhealthy(DatabaseFault):
    """The integrity check failed: saving is blocked until the database is restored."""

    code = "database_unhealthy"


class ReferenceCheckMismatch(ValidationError):
    """A reference whose check character does not match its digits: a typing error somewhere.
    Never opened as if it were right; `suggestions` are references on file it may have meant."""

    code = "reference_check_mismatch"

    def __init__(self, message: str, suggestions: tuple[str, ...]) -> None:
        super().__init__(message, field="reference")
        self.suggestions = suggestions


class CitizenDetailsDiffer(CsdError):
    """A returning citizen's details on file differ from those typed: the clerk must confirm the
    change (old beside new) before the citizen's stored details change."""

    code = "citizen_details_differ"

    def __init__(self, message: str, changes: tuple[tuple[str, str, str], ...]) -> None:
        super().__init__(message)
        self.changes = changes  # (field label, on file, typed)


class FileWriteFailed(CsdError):
    """A file the user asked for (a report, a receipt, a letter) could not be written."""

    code = "file_write_failed"
