# Sourced by bin/demo and bin/test: make .venv with the locked dependencies, once.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Amanat needs Python 3.11 or newer (found: $("$PYTHON" --version 2>&1))." >&2
  exit 1
fi
stamp=.venv/.installed-$(cat requirements.lock pyproject.toml | "$PYTHON" -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest()[:16])')
if [ ! -f "$stamp" ]; then
  echo "Installing Amanat's locked dependencies into .venv …"
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  if ! .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock \
      >.venv/pip.log 2>&1; then
    cat .venv/pip.log >&2
    echo "Installing the dependencies failed (the log is above and in .venv/pip.log)." >&2
    exit 1
  fi
  rm -f .venv/.installed-*
  touch "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
