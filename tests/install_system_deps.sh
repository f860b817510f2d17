#!/usr/bin/env bash
# Install Debian's chromium, CJK fonts and poppler-utils for the browser tests, PostgreSQL 15 with
# PostGIS for tests/test_postgis.py (the tests start their own throwaway server; they never use the
# packaged cluster on port 5432) and nginx for the replicas behind a proxy (make serve, tests/test_replicas.py),
# when missing.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v pdffonts >/dev/null || missing+=(poppler-utils)   # the brief test checks the PDF's embedded fonts
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
[ -f /usr/share/postgresql/15/extension/postgis.control ] || missing+=(postgresql-15-postgis-3)
[ -x /usr/sbin/nginx ] || missing+=(nginx)                 # the proxy in front of the app's replicas (make serve)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Tests need: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# the packages' own services (the system nginx on port 80, the packaged PostgreSQL cluster) are not
# started: the project starts its own servers where and when it needs them
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && own_policy=1; fi
trap 'if [ "$own_policy" = 1 ]; then rm -f "$policy"; fi' EXIT
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
