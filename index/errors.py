"""The one exception type for problems a user can cause (bad files, bad questions, a stale index)."""


class NewsbotError(Exception):
    """A user-facing error: its message is one readable line, shown without a traceback."""
