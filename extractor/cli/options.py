"""Options several subcommands share, and how they become Settings."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Optional

import typer

from ..settings import Settings

BackendOpt = typer.Option(None, "--backend", "-b", help="Backend name: rules (offline, default), openai, replay ...")
ModelOpt = typer.Option(None, "--model", "-m", help="Model name for LLM backends.")
BaseUrlOpt = typer.Option(None, "--base-url", help="OpenAI-compatible server, e.g. http://localhost:8000/v1.")
ModeOpt = typer.Option(None, "--mode", help="How the LLM answers: tools (function calling, default) or json.")
ConcurrencyOpt = typer.Option(None, "--concurrency", "-j", help="Backend calls in flight at once, over the whole job.")
NoCacheOpt = typer.Option(False, "--no-cache", help="Neither read nor write the response cache.")
CacheDirOpt = typer.Option(None, "--cache-dir", help="Response cache folder (default: the user cache dir).")
OfflineOpt = typer.Option(False, "--offline", help="Answer from the response cache only; never call a server.")
ConfigOpt = typer.Option(None, "--config", help="TOML file of settings (see README).")
ChunkSizeOpt = typer.Option(None, "--chunk-size", help="Chunk budget in characters (default: the backend's).")
ChunkOverlapOpt = typer.Option(None, "--chunk-overlap", help="Characters repeated between chunks.")
RpmOpt = typer.Option(None, "--rpm", help="Client-side limit: requests per minute.")
TpmOpt = typer.Option(None, "--tpm", help="Client-side limit: tokens per minute.")
VerboseOpt = typer.Option(False, "--verbose", "-v", help="Log each request, retry and failure to stderr.")


def build_settings(
    *,
    config: Optional[Path] = None,
    backend: Optional[str] = None,
    model: Optional[str] = None,
    base_url: Optional[str] = None,
    mode: Optional[str] = None,
    concurrency: Optional[int] = None,
    no_cache: bool = False,
    cache_dir: Optional[Path] = None,
    offline: bool = False,
    chunk_size: Optional[int] = None,
    chunk_overlap: Optional[int] = None,
    rpm: Optional[int] = None,
    tpm: Optional[int] = None,
    verbose: bool = False,
    prices_file: Optional[Path] = None,
) -> Settings:
    overrides: dict[str, Any] = {
        "backend": backend,
        "model": model,
        "base_url": base_url,
        "mode": mode,
        "concurrency": concurrency,
        "cache_dir": cache_dir,
        "chunk_size": chunk_size,
        "chunk_overlap": chunk_overlap,
        "requests_per_minute": rpm,
        "prices_file": prices_file,
        "tokens_per_minute": tpm,
    }
    if no_cache:
        overrides["cache"] = False
    if offline:
        overrides["offline"] = True
    if verbose:
        overrides["verbose"] = True
    return Settings.load(config, **overrides)


def setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    # The HTTP stack logs every request at INFO; our own backend logs what matters.
    for noisy in ("httpx", "httpx2", "httpcore", "openai", "instructor"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
