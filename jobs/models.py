"""Sites, jobs and the status engine arrive with the job-entry issue (spec §3–5)."""
