"""The one error the export raises: a problem the user can fix, said in one line."""


class ExportError(Exception):
    """The export cannot be written as asked (the message names the URL, file or option)."""
