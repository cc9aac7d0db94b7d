"""Inspections, sampling and remediation arrive with the QA issue (seed 001 L27)."""
