# Shared by scripts/*: make .venv from the locked requirements, once, and again whenever a lock
# file or pyproject.toml changes; compile registry/ into src/statusdex/_compiled (git-ignored)
# once, and again whenever the registry or the code that builds it changes. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY_BIN="${STATUSDEX_PYTHON:-python3}"

ensure_venv() {  # $1: lock file (runtime or dev)
  local lock="$ROOT/requirements/$1.lock"
  local stamp="$VENV/.statusdex-$1.stamp"
  local want
  # This script is part of the stamp: a change in how the venv is made redoes it.
  want="$(cat "$lock" "$ROOT/requirements/tools.lock" "$ROOT/requirements/build.lock" \
    "$ROOT/pyproject.toml" "${BASH_SOURCE[0]}" | cksum)"
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
  # What the registry build needs (pydantic, PyThaiNLP), pinned like the lock it joins.
  "$VENV/bin/uv" pip install -q --python "$VENV/bin/python" --compile-bytecode --require-hashes \
    -r "$ROOT/requirements/build.lock"
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

# The compiled registry (src/statusdex/_compiled: Python literals and the search index), built
# from registry/ by `python -m statusdex.registry.build`. Git does not keep it: a fresh clone
# builds it on its first run, and any run rebuilds it when a file it is made from is newer than
# the stamp the last build left (an edit, a checkout, a merge, a new venv). The check is one
# `find` that stops at the first newer file, so `./scripts/statusdex 404` stays quick.
ensure_compiled() {
  local out="$ROOT/src/statusdex/_compiled"
  local stamp="$out/.built"
  if [ -f "$stamp" ] && [ -z "$(find "$ROOT/registry" "$ROOT/src/statusdex/registry" \
      "$ROOT/src/statusdex/core" "$ROOT/src/statusdex/errors.py" "$ROOT/src/statusdex/__init__.py" \
      "$ROOT/requirements/build.lock" "$VENV"/.statusdex-*.stamp \
      -name __pycache__ -prune -o -newer "$stamp" -print -quit)" ]; then
    return 0
  fi
  echo "compiling registry/ into src/statusdex/_compiled ..." >&2
  rm -f "$stamp"
  "$VENV/bin/python" -m statusdex.registry.build >&2
  # bytecode of the compiled modules (a lookup never compiles them; see compile_package)
  "$VENV/bin/python" -m compileall -q "$out" >/dev/null
  touch "$stamp"
}
