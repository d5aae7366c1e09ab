"""The one error type users see: a short message that names the input."""


class StorylineError(Exception):
    """Bad input or an input that cannot be read; printed as one line, never a traceback."""

    def __init__(self, source: str | None, message: str) -> None:
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}" if source else message)
