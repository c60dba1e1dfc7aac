"""Batch jobs over many reports: resumable output, shards, engines, progress, export.

``extractor.jobs.run_job`` drives a job; the modules here each hold one part
of it: :mod:`.work` (one document's unit of work, run by any engine),
:mod:`.store` (the output file: resume, torn-line repair, ordering),
:mod:`.shard`, :mod:`.engines` and :mod:`.ray_engine`, :mod:`.progress`,
and :mod:`.export` (tidy tables from an output file).
"""
