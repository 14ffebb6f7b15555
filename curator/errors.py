"""User-facing errors: the CLI prints their message on one line, never a traceback."""


class CuratorError(Exception):
    """An error whose message is meant for the user as it is."""


class WorkspaceMissing(CuratorError):
    """No workspace where one was looked for."""


class CatalogBusy(CuratorError):
    """The catalog stayed locked by another process for longer than we wait."""


class BadInput(CuratorError):
    """Input that cannot be used; the message names the file, line and reason."""


class WorkspaceBusy(CuratorError):
    """Another process holds the workspace's writer lock for longer than we wait."""


class PendingMigration(CuratorError):
    """The catalog needs a migration; read commands never apply one."""
