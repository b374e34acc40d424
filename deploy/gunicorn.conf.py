"""gunicorn settings for the library (read by scripts/serve.sh and the systemd unit).

Sync workers: a request either reads the database or waits for the search engine, and
both answer in milliseconds; the engine's own timeout (SEARCH_TIMEOUT) keeps a slow
engine from holding a worker. Everything can be changed from the environment.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 9)))
threads = int(os.environ.get("WEB_THREADS", "1"))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so a slow leak never grows for months.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# WEB_ACCESS_LOG: a file, "-" for the standard output (the default), or empty for none.
accesslog = os.environ.get("WEB_ACCESS_LOG", "-") or None
errorlog = "-"
# The proxy in front (nginx) sets X-Forwarded-Proto; trust it only from the addresses given.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
