#!/usr/bin/env bash
# Build the self-contained Linux folder dist/attune/ (run from anywhere; needs the project venv).
#   packaging/build_linux.sh            build, then packaging/check_bundle.sh to prove it runs
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${VFAPP_PYTHON:-$ROOT/.venv/bin/python}"
cd "$ROOT"
if ! "$PY" -m PyInstaller --version >/dev/null 2>&1; then
    echo "Installing PyInstaller into $(dirname "$(dirname "$PY")")"
    "$PY" -m pip install --quiet "pyinstaller>=6.10"
fi
started=$(date +%s)
# The compiled translations (git-ignored) go into the bundle with the rest of vfapp's data.
PYTHON="$PY" bash "$ROOT/scripts/build_translations.sh" --no-update
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" "$ROOT/packaging/attune.spec"
echo "Built $ROOT/dist/attune in $(( $(date +%s) - started )) s, $(du -sh "$ROOT/dist/attune" | cut -f1)."
