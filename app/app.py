"""The app under test: a tiny Flask app that says which cluster and which instance served a request.

Every instance of every cluster runs this same app (under gunicorn); the load balancer routes a path prefix
(`/cluster1`, `/cluster2`, ...) to each cluster. The answer names the first path segment (the cluster) and the
instance id, in the body and in the headers `X-Cluster` and `X-Instance-Id`, so a client can check the routing
and the balance without parsing the body. `GET /health` answers 200 "ok" for the load balancer's health checks.

The instance id comes from the environment variable INSTANCE_ID (default: the host name).
"""

import json
import os
import socket
from urllib.parse import quote

from flask import Flask, Response

INSTANCE_ID = os.environ.get("INSTANCE_ID") or socket.gethostname()

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
    return _answer(segment)


def _answer(segment: str) -> Response:
    body = json.dumps({"cluster": segment, "instance": INSTANCE_ID}, separators=(",", ":")) + "\n"
    response = Response(body, mimetype="application/json")
    # Header values must be plain ASCII: a segment with other characters is sent percent-encoded.
    response.headers["X-Instance-Id"] = quote(INSTANCE_ID, safe="")
    response.headers["X-Cluster"] = quote(segment, safe="")
    return response
