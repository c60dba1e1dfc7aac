"""Scoring extractions against the hand-labelled gold set."""
