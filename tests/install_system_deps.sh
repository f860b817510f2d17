#!/usr/bin/env bash
# Install Debian's chromium, CJK fonts and poppler-utils for the browser tests, and PostgreSQL 15 with
# PostGIS for tests/test_postgis.py (the tests start their own throwaway server; they never use the
# packaged cluster on port 5432), when missing.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v pdffonts >/dev/null || missing+=(poppler-utils)   # the brief test checks the PDF's embedded fonts
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
[ -f /usr/share/postgresql/15/extension/postgis.control ] || missing+=(postgresql-15-postgis-3)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Tests need: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
