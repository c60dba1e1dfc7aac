"""`extractor openai-batch`: large offline jobs through the OpenAI Batch API, at half price.

    extractor openai-batch prepare REPORTS --model M --out requests.jsonl
    extractor openai-batch submit requests.job
    extractor openai-batch status requests.job [--wait]
    extractor openai-batch collect requests.job -o results.jsonl [--rerun-failed]
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

from ..batch.progress import choose_reporter
from ..inputs import resolve_inputs
from ..jobs import failures_path
from ..settings import Settings
from . import app
from . import options as opt
from .extract import _summary_line

if TYPE_CHECKING:
    from ..batch.openai_batch import CollectSummary
    from ..batch.openai_batch_client import BatchClient
    from ..batch.openai_batch_job import Job
    from ..batch.openai_batch_prepare import Limits, PrepareSummary

batch_app = typer.Typer(
    name="openai-batch",
    help="Large offline jobs through the OpenAI Batch API (half the online price, answers within 24h).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(batch_app, name="openai-batch")

JobArg = typer.Argument(..., help="The job folder prepare made (REQUESTS.job), or the requests file.")
PollOpt = typer.Option(60.0, "--poll-interval", min=0.0, help="With --wait: seconds between polls.")
WaitOpt = typer.Option(False, "--wait", help="Poll until every batch has finished.")
QuietOpt = typer.Option(False, "--quiet", "-q", help="Print nothing but errors.")


def _say(quiet: bool, text: str) -> None:
    if not quiet:
        typer.echo(text, err=True)


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


@batch_app.command("prepare")
def prepare_command(
    inputs: List[str] = typer.Argument(
        ..., metavar="REPORTS...", help="Report files, folders (searched recursively) or glob patterns."
    ),
    out: Path = typer.Option(Path("requests.jsonl"), "--out", "-o", help="Batch API input file (JSONL) to write."),
    model: Optional[str] = opt.ModelOpt,
    base_url: Optional[str] = opt.BaseUrlOpt,
    mode: Optional[str] = opt.ModeOpt,
    config: Optional[Path] = opt.ConfigOpt,
    chunk_size: Optional[int] = opt.ChunkSizeOpt,
    chunk_overlap: Optional[int] = opt.ChunkOverlapOpt,
    max_requests: int = typer.Option(
        50_000, "--max-requests", min=1, max=50_000, help="Requests per file; more are split into numbered files."
    ),
    max_mb: float = typer.Option(200.0, "--max-mb", min=0.001, max=200.0, help="Megabytes per file (Batch API: 200)."),
    force: bool = typer.Option(False, "--force", help="Prepare again over a job that was already submitted."),
    verbose: bool = opt.VerboseOpt,
    quiet: bool = QuietOpt,
) -> None:
    """Write the Batch API requests for REPORTS: one line per chunk the online path would send.

    The job folder next to OUT (requests.jsonl → requests.job) keeps what
    submit, status and collect need.  Over 50,000 requests or 200 MB the
    requests are split into numbered files, one batch each.
    """
    from ..batch.openai_batch_prepare import Limits, prepare_job

    opt.setup_logging(verbose)
    settings = opt.build_settings(
        config=config, backend="openai", model=model, base_url=base_url, mode=mode,
        chunk_size=chunk_size, chunk_overlap=chunk_overlap, verbose=verbose,
    )
    paths = resolve_inputs(inputs)

    def progress(done: int, total: int, requests: int) -> None:
        _say(quiet, f"prepared {done}/{total} reports, {requests} requests so far")

    limits = Limits(requests=max_requests, bytes=int(max_mb * 1e6))
    summary = prepare_job(paths, out, settings, limits=limits, force=force, progress=progress)
    _report_prepare(summary, out, limits, quiet)


def _report_prepare(summary: "PrepareSummary", out: Path, limits: "Limits", quiet: bool) -> None:
    parts = summary.parts
    where = str(out) if len(parts) <= 1 else f"{len(parts)} files"
    shared = f", {summary.shared} identical ones shared" if summary.shared else ""
    _say(
        quiet,
        f"wrote {summary.requests} requests for {summary.documents} reports ({summary.chunks} chunks, "
        f"{summary.chunks_skipped} skipped by the pre-filter{shared}) → {where}",
    )
    if len(parts) > 1:
        _say(
            quiet,
            f"split: the requests pass the limit of {limits.requests:,} requests or {_mb(limits.bytes)} per file; "
            "each file becomes its own batch:",
        )
        for part in parts:
            _say(quiet, f"  {part.path}: {part.requests} requests, {_mb(part.bytes)}")
    if summary.unreadable:
        first = summary.unreadable[0]
        _say(quiet, f"{len(summary.unreadable)} file(s) could not be read and have no requests (first: {first.path}: {first.error})")
    _say(quiet, f"job folder {summary.job.folder}; next: extractor openai-batch submit {summary.job.folder}")


def _open(job_path: Path, config: Optional[Path], base_url: Optional[str], **more) -> tuple["Job", Settings, str]:
    """The job, the settings its requests were built with, and the server its batches live on."""
    from ..backends.llm.client import resolve_base_url
    from ..batch.openai_batch_job import Job

    job = Job.open(job_path)
    settings = opt.build_settings(config=config, backend="openai", base_url=base_url, **more)
    settings = settings.model_copy(update=job.manifest.settings.overrides())
    server = base_url or job.manifest.base_url or resolve_base_url(settings)
    return job, settings.model_copy(update={"base_url": server}), server


def _client(settings: Settings, server: str) -> "BatchClient":
    from ..batch.openai_batch_client import BatchClient

    return BatchClient(settings, server)


@batch_app.command("submit")
def submit_command(
    job_path: Path = JobArg,
    base_url: Optional[str] = opt.BaseUrlOpt,
    config: Optional[Path] = opt.ConfigOpt,
    verbose: bool = opt.VerboseOpt,
    quiet: bool = QuietOpt,
) -> None:
    """Upload the request files and create their batches (/v1/chat/completions, 24h).

    Re-running it goes on where it stopped: files already uploaded and
    batches already created are not sent again.  The API key comes from
    OPENAI_API_KEY and is never written to the job folder.
    """
    from ..batch.openai_batch import submit

    opt.setup_logging(verbose)
    job, settings, server = _open(job_path, config, base_url, verbose=verbose)
    client = _client(settings, server)
    try:
        started = submit(job, client)
    finally:
        client.close()
    for part in started:
        _say(quiet, f"{Path(part.path).name}: batch {part.batch_id} ({part.requests} requests) {part.status}")
    if not started:
        _say(quiet, "every request file already has its batch")
    _say(quiet, f"follow it with: extractor openai-batch status {job.folder} [--wait]")


def _on_change(say):
    """An on_poll callback that shows the batches' state when it changed."""
    shown: list[str] = []

    def show(job: "Job") -> None:
        lines = _status_lines(job)
        if lines != shown:
            shown[:] = lines
            say("\n".join(lines))

    return show


def _status_lines(job: "Job") -> list[str]:
    lines = []
    for part in job.manifest.parts:
        name = Path(part.path).name
        if not part.batch_id:
            lines.append(f"{name}: not submitted ({part.requests} requests)")
            continue
        counts = ""
        if part.counts is not None:
            counts = f" ({part.counts.completed}/{part.counts.total} done"
            counts += f", {part.counts.failed} failed)" if part.counts.failed else ")"
        lines.append(f"{name}: batch {part.batch_id} {part.status}{counts}")
        lines.extend(f"  {e}" for e in part.errors)
    return lines


@batch_app.command("status")
def status_command(
    job_path: Path = JobArg,
    wait: bool = WaitOpt,
    poll_interval: float = PollOpt,
    base_url: Optional[str] = opt.BaseUrlOpt,
    config: Optional[Path] = opt.ConfigOpt,
    verbose: bool = opt.VerboseOpt,
) -> None:
    """Show each batch's state and progress (and with --wait, poll until all have finished)."""
    from ..batch.openai_batch import refresh
    from ..batch.openai_batch import wait as wait_for

    opt.setup_logging(verbose)
    job, settings, server = _open(job_path, config, base_url, verbose=verbose)
    if job.manifest.submitted:
        client = _client(settings, server)
        try:
            if wait:
                wait_for(job, client, poll_interval, on_poll=_on_change(lambda text: typer.echo(text, err=True)))
            else:
                refresh(job, client)
        finally:
            client.close()
    typer.echo("\n".join(_status_lines(job)))
    parts = job.manifest.parts
    if not job.manifest.submitted:
        typer.echo(f"next: extractor openai-batch submit {job.folder}", err=True)
    elif all(p.finished for p in parts):
        typer.echo(f"all batches have finished; next: extractor openai-batch collect {job.folder} -o results.jsonl", err=True)


@batch_app.command("collect")
def collect_command(
    job_path: Path = JobArg,
    out: Path = typer.Option(Path("results.jsonl"), "--out", "-o", help="Output JSONL, one document per line."),
    rerun_failed: bool = typer.Option(
        False, "--rerun-failed", help="Ask the requests the batches did not answer online (the openai backend)."
    ),
    wait: bool = WaitOpt,
    poll_interval: float = PollOpt,
    base_url: Optional[str] = opt.BaseUrlOpt,
    config: Optional[Path] = opt.ConfigOpt,
    concurrency: Optional[int] = opt.ConcurrencyOpt,
    no_cache: bool = opt.NoCacheOpt,
    cache_dir: Optional[Path] = opt.CacheDirOpt,
    rpm: Optional[int] = opt.RpmOpt,
    tpm: Optional[int] = opt.TpmOpt,
    prices: Optional[Path] = typer.Option(
        None, "--prices", help="TOML price table (USD per million tokens); batch answers cost half."
    ),
    summary_file: Optional[Path] = typer.Option(None, "--summary", help="Write a JSON summary of the job to this file."),
    progress: Optional[bool] = typer.Option(
        None, "--progress/--no-progress", help="Show progress on stderr (default: a bar when stderr is a terminal)."
    ),
    verbose: bool = opt.VerboseOpt,
    quiet: bool = QuietOpt,
) -> None:
    """Download the finished batches' answers and write the documents, as `extract` would.

    Answers are validated, grounded and merged as online, and stored in the
    response cache.  Requests the batches did not answer are listed in the
    job folder (failed-requests.jsonl); --rerun-failed asks them online.
    Re-running collect resumes: finished documents are skipped.  The exit
    status is 1 while any document failed or has failed chunks.
    """
    from ..backends.llm.client import url_host
    from ..batch.openai_batch import check_collectable, collect, download, needs_server, refresh
    from ..batch.openai_batch import wait as wait_for

    opt.setup_logging(verbose)
    job, settings, server = _open(
        job_path, config, base_url, concurrency=concurrency, no_cache=no_cache, cache_dir=cache_dir,
        rpm=rpm, tpm=tpm, prices_file=prices, verbose=verbose,
    )
    if needs_server(job):
        client = _client(settings, server)
        try:
            if wait:
                wait_for(job, client, poll_interval, on_poll=_on_change(lambda text: _say(quiet, text)))
            else:
                refresh(job, client)
            check_collectable(job)
            download(job, client)
        finally:
            client.close()
    summary = asyncio.run(
        collect(job, out, settings, base_url_host=url_host(server), rerun=rerun_failed, reporter=choose_reporter(progress, quiet))
    )
    if summary_file is not None:
        summary_file.parent.mkdir(parents=True, exist_ok=True)
        summary_file.write_text(summary.job.model_dump_json(indent=2) + "\n", encoding="utf-8")
    _report_collect(summary, job, out, rerun_failed, quiet)
    if not summary.job.ok:
        raise typer.Exit(1)


def _report_collect(summary: "CollectSummary", job: "Job", out: Path, rerun: bool, quiet: bool) -> None:
    s = summary.job
    _say(quiet, _summary_line(s, out))
    recovered = f", {summary.recovered} from the cache or online" if summary.recovered else ""
    _say(quiet, f"answers: {summary.answered} from the batches{recovered}, {len(summary.failures)} failed")
    if summary.unreadable_lines:
        _say(quiet, f"warning: {summary.unreadable_lines} line(s) of the batch result files could not be read")
    if summary.drift:
        typer.echo(
            f"warning: changed since the job was prepared: {'; '.join(summary.drift)}; chunks whose requests "
            "changed count as failed (--rerun-failed asks them online)",
            err=True,
        )
    if summary.changed:
        typer.echo(
            f"{len(summary.changed)} report(s) changed since prepare (first: {summary.changed[0]}); "
            "their new chunks were not in the batches",
            err=True,
        )
    if summary.failures:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(summary.kinds().items()))
        typer.echo(f"{len(summary.failures)} request(s) failed ({kinds}); listed in {summary.failures_file}", err=True)
        if not rerun:
            typer.echo(f"re-run them online: extractor openai-batch collect {job.folder} -o {out} --rerun-failed", err=True)
    if s.failed:
        typer.echo(f"{s.failed} report(s) could not be read; reasons in {failures_path(out)}", err=True)
