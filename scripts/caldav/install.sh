#!/usr/bin/env bash
# Installs the real CalDAV peers the integration tests run against (issue 4): DAViCal (PHP + its own
# PostgreSQL cluster, started per test file by test/helpers/caldav-servers.ts) and Radicale.
# Idempotent: does nothing when everything is present. Needs root (apt-get).
set -euo pipefail

missing=()
[ -f /usr/share/davical/htdocs/caldav.php ] || missing+=(davical)
command -v php >/dev/null 2>&1 || missing+=(php-cli)
{ command -v php >/dev/null 2>&1 && php -m 2>/dev/null | grep -qi '^pdo_pgsql$'; } || missing+=(php-pgsql)
[ -x /usr/bin/radicale ] || missing+=(radicale)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "CalDAV test servers need the Debian packages: ${missing[*]} (run: sudo $0)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt_install() { apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null; }
echo "== apt-get install ${missing[*]}" >&2
start=$(date +%s)
# A fresh machine has no package lists yet; update only when the install cannot find a package.
if ! apt_install 2>/dev/null; then
  apt-get update -qq -o DPkg::Lock::Timeout=600
  apt_install
fi
echo "== CalDAV packages installed in $(( $(date +%s) - start )) s" >&2
