"""The ``revitalize`` command line: thin wrappers that parse arguments, call the API, print.

Exit codes: 0 success; 1 bad input (one line naming file/row/field and what was expected,
no traceback); 2 usage error (unknown command or option, missing argument).
"""

from __future__ import annotations

import sys

from revitalize.cli.app import app
from revitalize.errors import RevitalizeError

__all__ = ["app", "main"]


def _fail(message: str) -> int:
    sys.stderr.write(f"error: {' '.join(str(message).split())}\n")
    return 1


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit status (the console script calls ``sys.exit`` on it).

    Usage errors are handled by Typer/Click in standalone mode (status 2); errors the package
    raises on purpose, and missing or unreadable files, become one line on stderr (status 1).
    """
    try:
        app(args=argv, prog_name="revitalize", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else _fail(code))
    except RevitalizeError as exc:
        return _fail(exc.one_line())
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError) as exc:
        return _fail(f"{exc.filename}: {exc.strerror}")
    except UnicodeDecodeError as exc:
        return _fail(f"input is not valid UTF-8 text ({exc.reason} at byte {exc.start})")
    except BrokenPipeError:
        return 0
    return 0


def _console_main() -> None:  # pragma: no cover - thin wrapper
    sys.exit(main())
