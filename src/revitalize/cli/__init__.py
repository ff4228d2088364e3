"""The ``revitalize`` command line: thin wrappers that parse arguments, call the API, print.

Exit codes: 0 success; 1 bad input (one line naming file/row/field and what was expected,
no traceback); 2 usage error (unknown command or option, missing argument); 130 interrupted.

Whatever reaches the top is one line on stderr, never a traceback: the package's own errors;
missing, unreadable or unwritable files (a full disk included); exceptions that bad input makes
parsers and the interpreter raise (:func:`revitalize.safety.input_error_from`); and, last, any
other exception, named as an internal error to report (``REVITALIZE_DEBUG=1`` shows its
traceback).
"""

from __future__ import annotations

import os
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
        _command()(args=argv, prog_name="revitalize", standalone_mode=True)
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
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except OSError as exc:  # a full disk (ENOSPC), a read-only directory...
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(f"{where}{exc.strerror or exc}")
    except Exception as exc:
        return _unexpected(exc)
    return 0


_BUILT: dict[tuple[int, int, int], object] = {}


def _command():
    """The Click command of :data:`app`, built once per process (Typer rebuilds the whole tree
    on every call: 0.2 s, most of a short command's time when ``main`` runs in a loop)."""
    import typer

    key = (id(app), len(app.registered_commands), len(app.registered_groups))
    if key not in _BUILT:
        _BUILT.clear()
        _BUILT[key] = typer.main.get_command(app)
    return _BUILT[key]


def _unexpected(exc: Exception) -> int:
    from revitalize.safety import input_error_from

    error = input_error_from(exc)
    if error is not None:
        return _fail(error.one_line())
    if isinstance(exc, ModuleNotFoundError):  # an optional extra not installed: name it
        from revitalize import missing_extra_message

        if message := missing_extra_message(exc, "this command"):
            return _fail(message)
    if os.environ.get("REVITALIZE_DEBUG"):
        import traceback

        traceback.print_exception(exc)
    text = " ".join(str(exc).split())[:300]
    return _fail(f"internal error ({type(exc).__name__}: {text}); please report it with the "
                 "command that caused it (REVITALIZE_DEBUG=1 shows the traceback)")


def _console_main() -> None:  # pragma: no cover - thin wrapper
    sys.exit(main())
