"""The `extractor` command: one small module per subcommand.

``main`` runs the click command itself (not typer's runner) so that every
error reaches the user as one or two plain lines on stderr, never a
traceback; ``EXTRACTOR_DEBUG=1`` shows the traceback of an internal error.
"""

from __future__ import annotations

import os
import sys

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
from . import evaluate, export, extract, openai_batch  # noqa: E402,F401

EXIT_USER_ERROR = 2
EXIT_INTERNAL = 70


def error_lines(exc: ExtractorError) -> str:
    line = f"error: {exc}"
    return f"{line}\nhint: {exc.hint}" if exc.hint else line


def _usage_error_types() -> tuple[type[Exception], ...]:
    # Typer >= 0.20 carries its own copy of click; older ones use click itself.
    types: list[type[Exception]] = []
    try:
        from typer._click.exceptions import ClickException as Vendored

        types.append(Vendored)
    except ImportError:
        pass
    try:
        from click.exceptions import ClickException as Upstream

        types.append(Upstream)
    except ImportError:
        pass
    return tuple(types)


def _abort_types() -> tuple[type[BaseException], ...]:
    types: list[type[BaseException]] = [typer.Abort]
    try:
        from click.exceptions import Abort as ClickAbort

        types.append(ClickAbort)
    except ImportError:
        pass
    return tuple(types)


def main(argv: list[str] | None = None) -> None:
    command = typer.main.get_command(app)
    try:
        code = command.main(args=argv, prog_name="extractor", standalone_mode=False)
    except ExtractorError as exc:
        typer.echo(error_lines(exc), err=True)
        sys.exit(EXIT_USER_ERROR)
    except _usage_error_types() as exc:
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError":  # a bare command shows its help
            typer.echo(ctx.get_help() if ctx else exc.format_message())
            sys.exit(0)
        typer.echo(f"error: {exc.format_message()}", err=True)
        typer.echo(f"hint: see `{ctx.command_path if ctx else 'extractor'} --help`", err=True)
        sys.exit(getattr(exc, "exit_code", EXIT_USER_ERROR))
    except _abort_types():
        typer.echo("aborted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        typer.echo("interrupted: lines already written are kept; re-run to resume", err=True)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("EXTRACTOR_DEBUG"):
            raise
        typer.echo(f"internal error: {type(exc).__name__}: {exc}", err=True)
        typer.echo("hint: re-run with EXTRACTOR_DEBUG=1 for a traceback, and report it", err=True)
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else 0)
