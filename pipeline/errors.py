"""Typed errors of the core. The CLI turns each into a one-line message and an exit code."""


class PrecheckError(Exception):
    """Base class of every error the core raises on purpose."""

    exit_code = 3


class InputError(PrecheckError):
    """The input (a path, a submission.yaml, an argument) is wrong; the message names it."""

    exit_code = 2


class UnknownProcedure(InputError):
    pass


class RulesDataError(PrecheckError):
    """A rules data file is malformed; the message names the file and the key."""


class OcrUnavailable(PrecheckError):
    """The OCR engine or its models cannot be loaded (offline set-up incomplete)."""
