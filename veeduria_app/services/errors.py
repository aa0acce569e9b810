"""Errors a service raises for the user: their text is a one-line Spanish message.

The CLI prints str(error) on stderr and exits 2; the GUI shows it in a dialog. Anything that
is not a ServiceError is a bug and is logged with its traceback, never shown raw.
"""
from __future__ import annotations


class ServiceError(Exception):
    """Base class: the message is meant for the user, in Spanish."""

    exit_code = 2

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(ServiceError):
    """Input that cannot be accepted; nothing was written."""


class NotFoundError(ServiceError):
    """The record asked for does not exist (or was archived where that matters)."""


class PermissionDenied(ServiceError):
    """The current person's role does not allow this action."""


class ConflictError(ServiceError):
    """Someone else changed the record since it was read (optimistic locking)."""

    def __init__(self, message: str, *, mine: dict | None = None, theirs: dict | None = None) -> None:
        super().__init__(message)
        self.mine = mine or {}
        self.theirs = theirs or {}


class ConnectionLost(ServiceError):
    """The shared database server could not be reached; the operation was rolled back whole.

    Nothing was saved, so the same action can simply be tried again (the GUI keeps the form
    filled in and retries).
    """


class IntegrityProblem(ServiceError):
    """Stored evidence or an issued document does not match its recorded hash."""

    exit_code = 1
