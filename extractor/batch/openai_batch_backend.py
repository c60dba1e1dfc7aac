"""The ``openai-batch`` backend: a chunk's request for the batch file, and its answer back.

Preparing and collecting both run the ordinary :class:`~extractor.pipeline.Pipeline`
over this backend, so a batch asks exactly the questions the online
``openai`` backend would ask (same chunks, same pre-filter, same request
body) and its answers go through the same validation, grounding and merging.

Each request's ``custom_id`` is made from the document id, the chunk index
and a hash of the document id and the request (the response cache's key,
which covers model, messages, schema and prompt version): a re-prepare of
the same inputs with the same settings gives the same ids, and the id can
be recomputed from the chunk at collect time.  Ids are at most 64
characters of ``[A-Za-z0-9_-]``, which every Batch-compatible server takes.

Collecting, a valid answer also goes into the response cache under the key
the online backend would look up, so a later online run or ``--backend
replay`` of the same chunks costs nothing.  A chunk the batch did not answer
is taken from the cache when it holds one, or asked online with
``rerun=True``; otherwise it is a failed chunk of its document, and a
:class:`FailedRequest` for the job's list.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, ClassVar, Literal, NamedTuple

from pydantic import BaseModel

from ..backends.base import BackendInfo, ChunkFacts, ChunkFailed, DocContext
from ..backends.llm import OpenAIBackend, ReplayBackend
from ..backends.llm.backend import protocol_for
from ..backends.llm.batch import parse_chat_answer
from ..backends.llm.cache import CachedAnswer, ResponseCache, request_key
from ..backends.llm.pricing import load_price
from ..backends.llm.response_model import answer_schema_hash
from ..chunking import Chunk
from ..pipeline import Pipeline, PreparedText
from ..schema import ChunkAttempt, Document, Usage
from ..settings import Settings
from .openai_batch_job import CHAT_URL, Job
from .openai_batch_results import BatchResults

# The Batch API bills half the online price.
BATCH_PRICE_FACTOR = 0.5
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_ID_DOC_CHARS = 36
_ID_HASH_CHARS = 12

FailureKind = Literal["error", "invalid", "unanswered", "unprepared"]


def custom_id(doc_id: str, chunk: int, key: str) -> str:
    readable = _ID_UNSAFE.sub("_", doc_id).strip("_")[:_ID_DOC_CHARS] or "doc"
    digest = hashlib.sha256(f"{doc_id}\0{key}".encode("utf-8")).hexdigest()[:_ID_HASH_CHARS]
    return f"{readable}-c{chunk}-{digest}"


class BatchRequest(NamedTuple):
    custom_id: str
    key: str  # the response cache's key for this request
    body: dict[str, Any]

    def line(self) -> dict[str, Any]:
        """The request as a line of a Batch API input file."""
        return {"custom_id": self.custom_id, "method": "POST", "url": CHAT_URL, "body": self.body}


class FailedRequest(BaseModel):
    """A request the batch did not answer usefully, for the job's list."""

    custom_id: str
    doc_id: str
    chunk: int
    kind: FailureKind
    error: str


class OpenAIBatchBackend:
    name: ClassVar[str] = "openai-batch"
    default_chunk_size: ClassVar[int] = OpenAIBackend.default_chunk_size
    default_chunk_overlap: ClassVar[int] = OpenAIBackend.default_chunk_overlap
    pack_sections: ClassVar[bool] = OpenAIBackend.pack_sections

    def __init__(
        self,
        settings: Settings,
        *,
        base_url_host: str | None = None,
        results: BatchResults | None = None,
        rerun: bool = False,
    ) -> None:
        """Without ``results`` it only builds requests (prepare)."""
        self.settings = settings
        self.protocol = protocol_for(settings)
        self.answer_schema = answer_schema_hash()
        self.base_url_host = base_url_host
        self.results = results
        self.failures: list[FailedRequest] = []
        self.answered = 0  # chunks answered by the batch
        self.recovered = 0  # chunks the batch failed, answered from the cache or online
        self.cache: ResponseCache | None = None
        self.fallback: OpenAIBackend | None = None
        self.price = None
        if results is not None:
            self.price = load_price(settings.prices_file, settings.model or "")
            if settings.cache:
                self.cache = ResponseCache(settings.cache_dir)
            if rerun:
                self.fallback = OpenAIBackend(settings)
            elif settings.cache:
                self.fallback = ReplayBackend(settings)
        self.rerun = rerun

    def info(self) -> BackendInfo:
        s = self.settings
        return BackendInfo(
            name=self.name,
            model=s.model,
            prompt_version=self.protocol.prompt.id,
            base_url_host=self.base_url_host,
            params={
                "mode": s.mode,
                "temperature": f"{s.temperature:g}",
                "max_tokens": str(s.max_tokens) if s.max_tokens is not None else "server default",
                "answer_schema": self.answer_schema,
            },
        )

    def request(self, chunk: Chunk, context: DocContext) -> BatchRequest:
        body = self.protocol.request_body(chunk, context)
        key = request_key(body, prompt=self.protocol.prompt.id, answer_schema=self.answer_schema)
        return BatchRequest(custom_id(context.doc_id, chunk.index, key), key, body)

    async def extract(self, chunk: Chunk, context: DocContext) -> ChunkFacts:
        assert self.results is not None, "a backend made for prepare has no answers"
        request = self.request(chunk, context)
        usage, attempts = Usage(), []
        body, kind, reason = self._look_up(request.custom_id)
        if body is not None:
            try:
                answer, usage = parse_chat_answer(body, self.protocol, chunk=chunk.index)
            except ChunkFailed as exc:
                kind, reason, usage, attempts = "invalid", f"invalid answer: {exc.message}", exc.usage, exc.attempts
            else:
                if self.price is not None:
                    cost = self.price.cost(usage.prompt_tokens, usage.completion_tokens) * BATCH_PRICE_FACTOR
                    usage.cost_usd = round(cost, 6)
                if self.cache is not None:
                    s = self.settings
                    entry = CachedAnswer(answer=answer.model_dump_json(), usage=usage)
                    await self.cache.put(request.key, entry, model=s.model or "", prompt=self.protocol.prompt.id, mode=s.mode)
                self.answered += 1
                return self.protocol.facts(answer, context, usage)
        assert kind is not None and reason is not None
        return await self._instead(chunk, context, request, kind, f"batch: {reason}", usage, attempts)

    def _look_up(self, cid: str) -> tuple[dict[str, Any] | None, FailureKind | None, str | None]:
        """The batch's response body for a request, or what kind of failure and why."""
        assert self.results is not None
        if cid not in self.results.requests:
            reason = "this chunk is not among the prepared requests (its text or the settings changed since prepare)"
            return None, "unprepared", reason
        result = self.results.result(cid)
        if result is None:
            return None, "unanswered", self.results.missing_reason(cid)
        if result.body is None:
            return None, "unanswered" if result.unrun else "error", result.error
        return result.body, None, None

    async def _instead(
        self,
        chunk: Chunk,
        context: DocContext,
        request: BatchRequest,
        kind: FailureKind,
        reason: str,
        usage: Usage,
        attempts: list[ChunkAttempt],
    ) -> ChunkFacts:
        """A chunk the batch did not answer: from the cache, online, or failed."""
        if self.fallback is not None:
            try:
                facts = await self.fallback.extract(chunk, context)
            except ChunkFailed as exc:
                usage.add(exc.usage)
                attempts = [*attempts, *exc.attempts]
                if self.rerun:
                    reason = f"{reason}; online re-run: {exc.message}"
            else:
                self.recovered += 1
                facts.usage.add(usage)  # a spoilt batch answer was paid for too
                facts.attempts = [*attempts, *facts.attempts]
                return facts
        self.failures.append(
            FailedRequest(custom_id=request.custom_id, doc_id=context.doc_id, chunk=chunk.index, kind=kind, error=reason)
        )
        raise ChunkFailed(reason, chunk=chunk.index, attempts=attempts, usage=usage)

    async def aclose(self) -> None:
        if self.fallback is not None:
            await self.fallback.aclose()
        if self.cache is not None:
            self.cache.close()


class BatchPipeline(Pipeline):
    """The pipeline over the batch backend: provenance names each document's
    batches, and reports whose text is not the one prepared are noted."""

    def __init__(self, settings: Settings, backend: OpenAIBatchBackend, job: Job) -> None:
        super().__init__(settings, backend=backend)
        inputs = job.manifest.inputs
        self._batches = {doc.doc_id: job.batches_of(doc) for doc in inputs}
        self._prepared = {doc.doc_id: doc.sha256 for doc in inputs}
        self.changed: list[str] = []

    async def extract_prepared(self, doc: PreparedText) -> Document:
        if self._prepared.get(doc.doc_id) not in (None, doc.sha256):
            self.changed.append(doc.doc_id)
        document = await super().extract_prepared(doc)
        batches = self._batches.get(doc.doc_id)
        if batches and document.provenance is not None:
            document.provenance.batches = batches
        return document
