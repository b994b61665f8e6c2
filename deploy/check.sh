#!/usr/bin/env bash
# CI's check of deploy/ (.ci/run runs it; a few seconds): the systemd units pass
# `systemd-analyze verify` and the nginx site passes `nginx -t`, each with the paths of this
# checkout in place of /srv/edu-approvals (whose .venv must exist: make install) and a throwaway
# self-signed certificate in place of the bureau's.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "-- systemd units"
mkdir -p "$work/systemd"
for unit in "$here"/deploy/systemd/*.service "$here"/deploy/systemd/*.timer; do
  sed -e "s#/srv/edu-approvals#$here#g" "$unit" > "$work/systemd/$(basename "$unit")"
done
# verify reads the units from the given paths; User=edu need not exist here.
(cd "$work/systemd" && SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no ./*.service ./*.timer) 2>&1 \
  | tee "$work/verify.log"
if grep -v -E "Failed to (connect|look up|resolve) user|Cannot find user|edu: No such|System has not been booted" "$work/verify.log" | grep -q .; then
  echo "systemd-analyze verify reported problems" >&2
  exit 1
fi

echo "-- nginx site"
mkdir -p "$work/nginx/ssl" "$work/nginx/run"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=approvals.example.edu.cn" \
  -keyout "$work/nginx/ssl/privkey.pem" -out "$work/nginx/ssl/fullchain.pem" 2>/dev/null
sed -e "s#/etc/ssl/edu-approvals#$work/nginx/ssl#g" -e "s#/srv/edu-approvals#$here#g" \
    -e "s#/etc/nginx/proxy_params_edu#$here/deploy/nginx/proxy_params_edu#g" \
    "$here/deploy/nginx/edu-approvals.conf" > "$work/nginx/site.conf"
cat > "$work/nginx/nginx.conf" <<CONF
pid $work/nginx/run/nginx.pid;
error_log stderr;
events {}
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path $work/nginx/run;
    proxy_temp_path $work/nginx/run;
    include $work/nginx/site.conf;
}
CONF
nginx -t -q -p "$work/nginx" -c "$work/nginx/nginx.conf"
echo "deploy/ checks passed"
