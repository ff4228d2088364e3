"""Root CLI conventions: --help, --version, exit codes, one-line errors without traceback."""

from __future__ import annotations

import subprocess
import sys

import revitalize


def test_help_lists_groups(run_cli):
    r = run_cli("--help")
    assert r.code == 0
    assert "data" in r.out and "report" in r.out


def test_version(run_cli):
    r = run_cli("--version")
    assert r.code == 0 and r.out.strip() == f"revitalize {revitalize.__version__}"


def test_unknown_command_is_usage_error(run_cli):
    r = run_cli("no-such-command")
    assert r.code == 2
    assert "No such command" in r.err


def test_unknown_option_is_usage_error(run_cli):
    assert run_cli("data", "facts", "--no-such-option").code == 2


def test_group_without_subcommand_shows_help(run_cli):
    r = run_cli("data")
    assert r.code == 2 and "facts" in (r.out + r.err)


def test_bad_input_gives_one_line_and_status_1():
    """A real subprocess: no traceback reaches the user."""
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; from revitalize.cli import main; sys.exit(main())",
         "data", "read", "/nonexistent/file.csv"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert proc.stderr.startswith("error:") and "file.csv" in proc.stderr
