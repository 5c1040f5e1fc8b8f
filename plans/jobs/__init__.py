"""Bookkeeping of background jobs: find or create a job by its key, claim it, report progress, finish it."""
