# Shared by bin/run and bin/test: make .venv and install the project into it.
# Usage: . bin/_setup.sh EXTRAS   (EXTRAS is "" or "test")
set -euo pipefail

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "Need root (or sudo) to run: $*" >&2; return 1; fi
}

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    if ! "$PYTHON" -m venv .venv 2>/dev/null; then
        # Debian/Ubuntu ship venv separately.
        rm -rf .venv
        echo "Installing python3-venv (Debian/Ubuntu) ..." >&2
        as_root apt-get update -qq
        as_root apt-get install -y -qq python3-venv
        "$PYTHON" -m venv .venv
    fi
fi

extras=${1:-}
spec="."
[ -n "$extras" ] && spec=".[$extras]"
stamp=".venv/.installed-${extras:-base}"
# Reinstall only when pyproject.toml changed since the last install.
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e "$spec"
    touch "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
