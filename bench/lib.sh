# Shared helpers for the benchmarks: tool installs, a pinned nginx on loopback, machine description.
# Sourced by the bench scripts; not run on its own.

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Installs Debian packages that are missing (as root).
bench_apt() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -q '^installed$' || missing+=("$package")
    done
    if ((${#missing[@]})); then
        echo "bench: installing ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
        # Debian starts the packaged nginx on port 80; the benchmarks run their own.
        if [[ " ${missing[*]} " == *" nginx "* ]]; then systemctl stop nginx 2>/dev/null || pkill -x nginx || true; fi
    fi
}

# Builds the release binaries once and prints their folder.
bench_build() {
    (cd "$repo" && bash scripts/setup.sh >/dev/null && swift build -c release >/dev/null 2>&1)
    (cd "$repo" && swift build -c release --show-bin-path)
}

# A work folder /tmp/cb-$1-XXXX in $work, removed on exit, when nginx (if started) is stopped too and, first, the
# commands in $bench_at_exit (a script's own processes) run.
bench_workspace() {
    work=$(mktemp -d "/tmp/cb-$1-XXXX")
    trap bench_cleanup EXIT
}

bench_cleanup() {
    eval "${bench_at_exit:-}" || true
    bench_stop_nginx
    rm -rf "$work"
}

# The benchmarks' server: nginx with one worker pinned to CPU 0 on a free port ($port), in $work/nginx; $url is its
# root.
bench_serve() {
    port=$(bench_free_port)
    bench_start_nginx 0 "$port" "$work/nginx"
    url="http://127.0.0.1:$port/"
}

# A free TCP port on 127.0.0.1.
bench_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Starts nginx with one worker pinned to CPU $1, serving a 2-byte body on 127.0.0.1:$2 from folder $3.
# Requests under /logged/ get the same answer and a line in $3/logged.log: the time nginx answered them (seconds,
# to the millisecond) and their path. Sets NGINX_MASTER_PID and NGINX_WORKER_PID.
bench_start_nginx() {
    local cpu=$1 port=$2 dir=$3
    mkdir -p "$dir"
    cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
worker_rlimit_nofile 65536;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 16384; }
http {
    access_log off;
    log_format answered '\$msec \$uri';
    keepalive_requests 100000000;
    keepalive_timeout 120s;
    server {
        listen 127.0.0.1:$port backlog=4096;
        location / { return 200 "ok"; }
        location /logged/ { access_log $dir/logged.log answered; return 200 "ok"; }
    }
}
CONF
    taskset -c "$cpu" nginx -c "$dir/nginx.conf" -p "$dir" -e "$dir/error.log"
    for _ in $(seq 50); do [[ -s "$dir/nginx.pid" ]] && break; sleep 0.1; done
    NGINX_MASTER_PID=$(cat "$dir/nginx.pid")
    NGINX_WORKER_PID=$(pgrep -P "$NGINX_MASTER_PID" | head -1)
    for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$port/" >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "bench: nginx did not answer on port $port" >&2
    return 1
}

bench_stop_nginx() {
    [[ -n "${NGINX_MASTER_PID:-}" ]] && kill "$NGINX_MASTER_PID" 2>/dev/null || true
    [[ -n "${NGINX_WORKER_PID:-}" ]] && kill -CONT "$NGINX_WORKER_PID" 2>/dev/null || true
}

# One paragraph describing the machine, for docs/BENCHMARKS.md.
bench_machine() {
    echo "$(nproc) CPUs ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), $(free -g | awk '/Mem:/{print $2}') GiB," \
        "Linux $(uname -r), $(. /etc/os-release; echo "$PRETTY_NAME"), $(date -u +%Y-%m-%d)"
}
