"""The app under test: a tiny Flask app that says which cluster and which instance served a request.

Every instance of every cluster runs this same app (under gunicorn); the load balancer routes a path prefix
(`/cluster1`, `/cluster2`, ...) to each cluster. The answer names the first path segment (the cluster) and the
instance id, in the body and in the headers `X-Cluster` and `X-Instance-Id`, so a client can check the routing
and the balance without parsing the body. `GET /health` answers 200 "ok" for the load balancer's health checks.

`GET /<cluster path>/work?n=N` (any path ending in `/work`) first burns a fixed amount of CPU: N rounds of a pure
Python loop (about 45 ns each on a current x86 core: `n=20000` costs roughly 1 ms of one CPU), then answers like
any other path, with `"n": N` added. N is 1 to 10,000,000; anything else is a 400. It makes an instance's CPU
share visible in its throughput (bench/quota.sh).

The instance id comes from the environment variable INSTANCE_ID (default: the host name).
"""

import json
import os
import socket
from urllib.parse import quote

from flask import Flask, Response, request

INSTANCE_ID = os.environ.get("INSTANCE_ID") or socket.gethostname()

# Upper bound of `n` for the /work endpoint: about a second of CPU, so one request can never run for long.
MAX_WORK = 10_000_000

app = Flask(__name__)


@app.get("/health")
def health() -> Response:
    return Response("ok", mimetype="text/plain")


@app.get("/")
def root() -> Response:
    return _answer("")


@app.get("/<segment>")
@app.get("/<segment>/<path:rest>")
def cluster(segment: str, rest: str = "") -> Response:
    if rest == "work" or rest.endswith("/work"):
        return _work(segment)
    return _answer(segment)


def _work(segment: str) -> Response:
    text = request.args.get("n", "")
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_WORK:
        return Response(f"expected ?n=N with N from 1 to {MAX_WORK}\n", status=400, mimetype="text/plain")
    n = int(text)
    _burn(n)
    return _answer(segment, {"n": n})


def _burn(n: int) -> int:
    """N rounds of integer arithmetic: a fixed amount of CPU work, independent of the clock."""
    total = 0
    for i in range(n):
        total = (total + i * i) % 1_000_003
    return total


def _answer(segment: str, extra: dict | None = None) -> Response:
    fields = {"cluster": segment, "instance": INSTANCE_ID}
    if extra:
        fields.update(extra)
    body = json.dumps(fields, separators=(",", ":")) + "\n"
    response = Response(body, mimetype="application/json")
    # Header values must be plain ASCII: a segment with other characters is sent percent-encoded.
    response.headers["X-Instance-Id"] = quote(INSTANCE_ID, safe="")
    response.headers["X-Cluster"] = quote(segment, safe="")
    return response
