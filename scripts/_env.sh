# Shared by scripts/*: make .venv from the locked requirements, once, and again whenever a lock
# file or pyproject.toml changes. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY_BIN="${STATUSDEX_PYTHON:-python3}"

ensure_venv() {  # $1: lock file (runtime or dev)
  local lock="$ROOT/requirements/$1.lock"
  local stamp="$VENV/.statusdex-$1.stamp"
  local want
  # This script is part of the stamp: a change in how the venv is made redoes it.
  want="$(cat "$lock" "$ROOT/requirements/tools.lock" "$ROOT/pyproject.toml" "${BASH_SOURCE[0]}" | cksum)"
  if [ -x "$VENV/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  if ! "$PY_BIN" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "statusdex needs Python 3.11 or newer; set STATUSDEX_PYTHON to one." >&2
    exit 2
  fi
  echo "setting up $VENV from requirements/$1.lock ..." >&2
  [ -x "$VENV/bin/python" ] || "$PY_BIN" -m venv "$VENV"
  # uv installs faster than pip, and its console-script launcher does not import `re`,
  # which keeps `statusdex 404` quick to start.
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --require-hashes -r "$ROOT/requirements/tools.lock"
  # --compile-bytecode: start-up must not depend on PYTHONDONTWRITEBYTECODE (set on many
  # machines and Docker images), so every module has its .pyc from the start.
  "$VENV/bin/uv" pip install -q --python "$VENV/bin/python" --compile-bytecode --require-hashes -r "$lock"
  "$VENV/bin/uv" pip install -q --python "$VENV/bin/python" --no-deps -e "$ROOT"
  compile_package
  echo "$want" > "$stamp"
}

# Bytecode of everything the venv runs: the installed packages (uv skips the compile step
# for packages already installed) and the package itself (an editable install: it lives
# beside the sources). Cheap when nothing changed: compileall writes only what is missing
# or stale.
compile_package() {
  local site
  site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
  "$VENV/bin/python" -m compileall -q -j 0 "$site" "$ROOT/src/statusdex" >/dev/null || true
}
