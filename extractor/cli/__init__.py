"""The `extractor` command: one small module per subcommand.

``main`` runs the click command itself (not typer's runner) so that every
error reaches the user as one or two plain lines on stderr, never a
traceback; ``EXTRACTOR_DEBUG=1`` shows the traceback of an internal error.
"""

from __future__ import annotations

import os
import sys

import click
import typer

from ..errors import ExtractorError
from ..version import __version__

app = typer.Typer(
    name="extractor",
    help="Verified, structured data from Chinese government work reports (政府工作报告).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"extractor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Verified, structured data from Chinese government work reports (政府工作报告)."""


# Subcommands register themselves on `app` when imported.
from . import evaluate, extract  # noqa: E402,F401

try:  # typer >= 0.17 raises its own vendored click's exceptions
    from typer._click.exceptions import ClickException as _VendoredClickException
except ImportError:  # pragma: no cover - older typer uses click itself
    _VendoredClickException = click.ClickException

EXIT_USER_ERROR = 2
EXIT_INTERNAL = 70


def error_lines(exc: ExtractorError) -> str:
    line = f"error: {exc}"
    return f"{line}\nhint: {exc.hint}" if exc.hint else line


def main(argv: list[str] | None = None) -> None:
    command = typer.main.get_command(app)
    try:
        code = command.main(args=argv, prog_name="extractor", standalone_mode=False)
    except ExtractorError as exc:
        click.echo(error_lines(exc), err=True)
        sys.exit(EXIT_USER_ERROR)
    except (click.ClickException, _VendoredClickException) as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # click >= 8.2: bare command shows help
            click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
            sys.exit(0)
        click.echo(f"error: {exc.format_message()}", err=True)
        cmd = exc.ctx.command_path if getattr(exc, "ctx", None) else "extractor"
        click.echo(f"hint: see `{cmd} --help`", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("interrupted: lines already written are kept; re-run to resume", err=True)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("EXTRACTOR_DEBUG"):
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo("hint: re-run with EXTRACTOR_DEBUG=1 for a traceback, and report it", err=True)
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else 0)
