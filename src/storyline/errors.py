"""The error types users see: a short message that names the input."""


class StorylineError(Exception):
    """Bad input or an input that cannot be read; printed as one line, never a traceback."""

    def __init__(self, source: str | None, message: str) -> None:
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}" if source else message)

    def __reduce__(self) -> tuple:
        # Errors travel between Dask worker processes; rebuild them from both fields.
        return (type(self), (self.source, self.message))


class StorylineNotice(StorylineError):
    """Something the user should know that loses nothing (an undated article, a feed entry
    kept as its summary); printed as a note and not counted as a failure."""
