# Shared by scripts/test: install and start what the tests need beside Python, from Debian's
# packages: tmux (terminal tests), Chromium and a Thai font (browser tests), poppler-utils
# (pdftoppm, for the printed flash cards), PostgreSQL (learning storage), curl (mock tests),
# Java 17 (PySpark in local mode, for statusdex logs --engine spark).
# Sourced, not run. Needs root (or sudo) only the first time, to install.
set -euo pipefail

_apt_install() {  # packages…
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "installing $* from Debian's packages ..." >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

ensure_packages() {
  local missing=()
  command -v tmux >/dev/null 2>&1 || missing+=(tmux)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  # (grep without -q reads the whole list: an early exit would fail the pipe under pipefail)
  fc-list 2>/dev/null | grep -i "tlwg\|thai" >/dev/null || missing+=(fonts-thai-tlwg)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)  # the mock's https test fixture
  [ -x /usr/sbin/nginx ] || missing+=(nginx)  # statusdex check: tests against a real nginx
  # statusdex logs --engine spark: PySpark in local mode runs on Java 17
  dpkg -s openjdk-17-jre-headless >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
  [ -d /usr/lib/postgresql ] && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then _apt_install "${missing[@]}"; fi
}

# A PostgreSQL server on loopback with a `statusdex` role and a `statusdex_test` database;
# exports STATUSDEX_TEST_POSTGRES_URL for the tests that run against it.
ensure_postgres() {
  if [ -n "${STATUSDEX_TEST_POSTGRES_URL:-}" ]; then return 0; fi
  local ver
  ver="$(ls /usr/lib/postgresql | sort -n | tail -1)"
  local as_pg="runuser -u postgres --"
  [ "$(id -u)" = 0 ] || as_pg="sudo -u postgres"
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$ver main"; then
    $as_pg true 2>/dev/null || true
    pg_createcluster "$ver" main >/dev/null
  fi
  if ! pg_lsclusters -h | grep -q "^$ver main.*online"; then
    pg_ctlcluster "$ver" main start
  fi
  $as_pg psql -qtA -c "SELECT 1 FROM pg_roles WHERE rolname='statusdex'" | grep -q 1 ||
    $as_pg psql -q -c "CREATE ROLE statusdex LOGIN SUPERUSER PASSWORD 'statusdex'"
  $as_pg psql -qtA -c "SELECT 1 FROM pg_database WHERE datname='statusdex_test'" | grep -q 1 ||
    $as_pg createdb -O statusdex statusdex_test
  local port
  port="$(pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $3}')"
  export STATUSDEX_TEST_POSTGRES_URL="postgresql://statusdex:statusdex@127.0.0.1:$port/statusdex_test"
}
