"""A small HTTP/1.1 keep-alive server for the load-engine tests.

Prints its port on the first line of stdout, then serves until killed:
  GET /status/NNN   answers NNN
  GET /slow/MS      answers 200 after MS milliseconds
  GET /reset        sends the headers and 100 of 1000 body bytes, then resets the connection (RST, SO_LINGER 0)
  GET /__count      answers the number of other requests served so far (not counted itself)
  GET /__peak       answers the most other requests it was handling at the same time so far
  GET /__open       answers the number of client connections open now, its own excluded
  GET /__accepted   answers the number of client connections accepted so far, those that asked a /__ question
                    excluded
  GET /__close_idle shuts down every client connection waiting for its next request (a keep-alive timeout firing
                    at once), those that asked a /__ question excepted, and answers how many
  GET /big/N        answers 200 with N bytes of body
  GET /close        answers 200 "ok" with Connection: close, then closes the connection
  GET /chunked      answers 200 with the body "hello world" in three chunks (Transfer-Encoding: chunked)
  POST|PUT /echo    answers 200 with the request's body, X-Method and X-Echo-Header (the request's X-Probe)
  anything else     answers 200 "ok" with X-Instance-Id: test-1
For the AWS client's tests:
  POST /aws/flaky/KEY/N/KIND  the first N requests for KEY fail (KIND: 503, throttle = 400 Throttling in an
                              ErrorResponse, ec2throttle = 503 RequestLimitExceeded in EC2's Response), then 200 with
                              the attempt number in <Attempt>
  POST /aws/refuse/KEY        400 InvalidParameterValue (not worth retrying), counted per KEY the same way
  POST /aws/metrics           a GetMetricData response in two pages (Fixtures/aws/get-metric-data-page*.xml)
  POST /aws/whoami            200 with the access key id the request was signed with, in <Key>
  PUT /latest/api/token, GET /latest/meta-data/iam/security-credentials/[ROLE]
                              a fake EC2 instance metadata service (IMDSv2): a token, then role cb-test-role's keys
  the same under /rotating/   role cb-rotating-role, whose keys are new at each fetch (ASIAROTATING000001, ...)
                              and expire 120 s after it
"""
import http.server
import json
import os
import socket
import struct
import sys
import threading
import time

lock = threading.Lock()
served = 0
aws_attempts = {}
rotations = 0
IMDS_TOKEN = "imds-token-7f3a"
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "aws")
handling = 0
peak = 0
connections = 0
accepted = 0
queries = 0
# Every client connection's handler, by socket, with whether it is between requests.
handlers = {}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def setup(self):
        global connections, accepted
        self.idle = True
        self.asked = False
        with lock:
            connections += 1
            accepted += 1
            handlers[self.request] = self
        super().setup()
        # Headers and body leave in two writes; without this, Nagle holds the body until the client's delayed ACK
        # (40 ms), which would make every keep-alive request look slow.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):
        global served, handling, peak
        if self.path.startswith("/latest/") or self.path.startswith("/rotating/latest/"):
            return self.imds()
        if self.path.startswith("/__"):
            return self.question()
        with lock:
            served += 1
            handling += 1
            peak = max(peak, handling)
            self.idle = False
        try:
            self.serve()
        finally:
            with lock:
                handling -= 1
                self.idle = True

    def question(self):
        global queries
        with lock:
            if not self.asked:
                self.asked = True
                queries += 1
            if self.path == "/__close_idle":
                idle = [sock for sock, handler in handlers.items() if handler.idle and not handler.asked]
                for sock in idle:
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                value = len(idle)
            else:
                value = {"/__count": served, "/__peak": peak, "/__open": connections - 1,
                         "/__accepted": accepted - queries}[self.path]
        return self.reply(200, str(value).encode())

    def serve(self):
        if self.path.startswith("/status/"):
            return self.reply(int(self.path.split("/")[2]), b"status")
        if self.path == "/reset":
            return self.reset()
        if self.path.startswith("/big/"):
            return self.reply(200, b"b" * int(self.path.split("/")[2]))
        if self.path == "/close":
            self.close_connection = True
            return self.reply(200, b"ok", close=True)
        if self.path == "/chunked":
            return self.chunked([b"hello", b" ", b"world"])
        if self.path.startswith("/slow/"):
            time.sleep(int(self.path.split("/")[2]) / 1000)
        self.reply(200, b"ok")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if self.path.startswith("/aws/"):
            return self.aws(body.decode("utf-8", "replace"))
        if self.path.startswith("/latest/") or self.path.startswith("/rotating/latest/"):
            return self.imds()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Method", self.command)
        self.send_header("X-Echo-Header", self.headers.get("X-Probe", ""))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST

    def aws(self, body):
        parts = self.path.split("/")
        if parts[2] == "whoami":
            authorization = self.headers.get("Authorization", "")
            key = authorization.split("Credential=", 1)[-1].split("/", 1)[0]
            return self.reply(200, f"<WhoResponse><Key>{key}</Key></WhoResponse>".encode())
        if parts[2] == "metrics":
            page = "page2" if "NextToken=page-2-of-2" in body else "page1"
            with open(os.path.join(FIXTURES, f"get-metric-data-{page}.xml"), "rb") as fixture:
                return self.reply(200, fixture.read())
        key = parts[2] + "/" + parts[3]
        with lock:
            aws_attempts[key] = aws_attempts.get(key, 0) + 1
            attempt = aws_attempts[key]
        if parts[2] == "refuse":
            return self.reply(400, b"<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameterValue</Code>"
                              b"<Message>bad value</Message></Error><RequestId>req-refused</RequestId></ErrorResponse>")
        failures, kind = int(parts[4]), parts[5]
        if attempt <= failures:
            if kind == "throttle":
                return self.reply(400, b"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
                                  b"<Message>Rate exceeded</Message></Error><RequestId>req-throttled</RequestId>"
                                  b"</ErrorResponse>")
            if kind == "ec2throttle":
                return self.reply(503, b"<Response><Errors><Error><Code>RequestLimitExceeded</Code>"
                                  b"<Message>Request limit exceeded.</Message></Error></Errors>"
                                  b"<RequestID>req-ec2</RequestID></Response>")
            return self.reply(503, b"Service Unavailable")
        self.reply(200, f"<OkResponse><OkResult><Attempt>{attempt}</Attempt></OkResult></OkResponse>".encode())

    def imds(self):
        global rotations
        rotating = self.path.startswith("/rotating/")
        if rotating:
            self.path = self.path[len("/rotating"):]
        if self.path == "/latest/api/token":
            if self.command != "PUT" or not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                return self.reply(400, b"bad token request")
            return self.reply(200, IMDS_TOKEN.encode())
        if self.headers.get("X-aws-ec2-metadata-token") != IMDS_TOKEN:
            return self.reply(401, b"")
        prefix = "/latest/meta-data/iam/security-credentials/"
        if self.path == prefix:
            return self.reply(200, b"cb-rotating-role" if rotating else b"cb-test-role")
        if rotating and self.path == prefix + "cb-rotating-role":
            with lock:
                rotations += 1
                serial = rotations
            expiration = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 120))
            document = {"Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": "ASIAROTATING%06d" % serial,
                        "SecretAccessKey": "rotating/secret/%d" % serial, "Token": "rotating-token-%d" % serial,
                        "Expiration": expiration}
            return self.reply(200, json.dumps(document).encode())
        if self.path == prefix + "cb-test-role":
            document = {"Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": "ASIAIMDSEXAMPLE00001",
                        "SecretAccessKey": "imds/secret/EXAMPLEKEY", "Token": "imds-session-token",
                        "Expiration": "2099-01-01T00:00:00Z"}
            return self.reply(200, json.dumps(document).encode())
        self.reply(404, b"not found")

    def reset(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"x" * 100)
        self.wfile.flush()
        # Linger on with a zero timeout: close() drops the connection with a RST instead of a FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def finish(self):
        global connections
        with lock:
            connections -= 1
            handlers.pop(self.request, None)
        try:
            super().finish()
        except OSError:
            pass  # the connection was reset on purpose

    def reply(self, status, body, close=False):
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Instance-Id", "test-1")
        if close:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def chunked(self, chunks):
        self.send_response(200)
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("X-Instance-Id", "test-2")
        self.end_headers()
        for chunk in chunks:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        self.wfile.write(b"0\r\n\r\n")


class Server(http.server.ThreadingHTTPServer):
    # The default listen backlog of 5 overflows when a test opens many connections at once (every /reset costs a
    # new one); a dropped SYN is retried after a second, which a client would count as a timeout.
    request_queue_size = 128


server = Server(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
