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


class DatabaseUnhealthy(CsdError):
    """The integrity check failed: saving is blocked until the database is restored."""

    code = "database_unhealthy"


class SetupRequired(CsdError):
    code = "setup_required"
