#!/usr/bin/env bash
# Without Docker: redis-server + 3 replicas of APP (default examples/hello.ts) + nginx round-robin on
# http://127.0.0.1:8080. Needs redis-server and nginx (Debian: apt-get install redis-server nginx-light).
# Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/../.."
APP="${1:-examples/hello.ts}"
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$WORK"' EXIT
redis-server --save '' --appendonly no --port 6390 --bind 127.0.0.1 >"$WORK/redis.log" 2>&1 &
sleep 0.5
mkdir -p "$WORK/cache"
servers=""
for port in 7861 7862 7863; do
  GRADIO_REDIS_URL=redis://127.0.0.1:6390 GRADIO_TEMP_DIR="$WORK/cache" GRADIO_SERVER_PORT=$port \
    node --conditions=source --import tsx src/cli/main.ts "$APP" &
  servers="$servers server 127.0.0.1:$port;"
done
cat >"$WORK/nginx.conf" <<CONF
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/body; proxy_temp_path $WORK/proxy;
  fastcgi_temp_path $WORK/fcgi; uwsgi_temp_path $WORK/uwsgi; scgi_temp_path $WORK/scgi;
  upstream gradio { $servers }
  server {
    listen 127.0.0.1:8080;
    location / {
      proxy_pass http://gradio; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host \$http_host; proxy_buffering off; proxy_read_timeout 3600s;
    }
  }
}
CONF
nginx -p "$WORK" -c "$WORK/nginx.conf" &
echo "* 3 replicas behind nginx round-robin: http://127.0.0.1:8080"
wait
