"""Domain errors carry a message in Dutch that a page or the CLI can show as is."""


class NaarNulError(Exception):
    """Base class: `str(error)` is a Dutch sentence meant for the user."""


class ValidationError(NaarNulError):
    """Bad input. `problems` lists every problem found (Dutch), so a form can show them all at once."""

    def __init__(self, problems: str | list[str]):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(" ".join(self.problems))


class NotAllowed(NaarNulError):
    """The acting user may not do this, or the record is not theirs (we never say which)."""


class NotFound(NaarNulError):
    """No such record for this user."""
