"""gunicorn settings for the production shape (Dockerfile, docker-compose.yml).

Threaded workers (``gthread``): a worker keeps telling the arbiter it is alive while a thread
streams a long response, so a territory CSV export of a few hundred thousand rows (streamed,
memory flat) or an HPXML download is not cut off at ``timeout`` as it is with the default
synchronous worker, which is silent while it sends. ``timeout`` then only catches a worker
that is truly stuck. Each setting can be overridden from the environment.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then (a slow leak in any library cannot grow without bound).
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
