"""The target of the network-namespace tests: an HTTP/1.1 keep-alive server that keeps, per client address, how
many requests it served and when (wall clock) the first and the last came.

  python3 netns_target.py ADDRESS PORT   serves on ADDRESS:PORT; prints "ready" once listening
  GET /__sources                         answers {"ADDRESS": {"count": N, "first": T, "last": T}, ...} (not counted)
  anything else                          answers 200 "ok" after SLOW_MS milliseconds (the query's ?ms=, default 0)
"""
import http.server
import json
import socket
import sys
import threading
import time

lock = threading.Lock()
sources = {}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    log_message = lambda self, *args: None

    def handle(self):
        # One write per answer would do; TCP_NODELAY keeps the headers' and the body's writes from waiting on Nagle.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().handle()

    def do_GET(self):
        if self.path != "/__sources":
            self.note(self.client_address[0], time.time())
            if "?ms=" in self.path:
                time.sleep(int(self.path.split("?ms=")[1]) / 1000)
        with lock:
            body = json.dumps(sources).encode() if self.path == "/__sources" else b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    @staticmethod
    def note(address, now):
        with lock:
            entry = sources.setdefault(address, {"count": 0, "first": now, "last": now})
            entry["count"] += 1
            entry["last"] = now


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


server = Server((sys.argv[1], int(sys.argv[2])), Handler)
print("ready", flush=True)
server.serve_forever()
