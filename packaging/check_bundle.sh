#!/usr/bin/env bash
# Prove the built bundle runs on its own: `attune --version`, `attune selfcheck` and
# `attune demo`, each with a clean environment (no venv on PATH, no PYTHONPATH, HOME in a fresh
# temporary folder, no display). Fails loudly, naming the command, if any of them fails.
#   packaging/check_bundle.sh [dist/attune]
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUNDLE="$(cd "${1:-$ROOT/dist/attune}" && pwd)"
APP="$BUNDLE/attune"
if [ ! -x "$APP" ]; then
    echo "FAILED: there is no built program at $APP (run packaging/build_linux.sh first)" >&2
    exit 1
fi
SCRATCH="$(mktemp -d /tmp/attune-bundle-check.XXXXXX)"
trap 'rm -rf "$SCRATCH"' EXIT
mkdir -p "$SCRATCH/home" "$SCRATCH/work"

run() {
    local what="$1"; shift
    echo "== attune $*"
    local started=$(date +%s.%N)
    # Run from an empty folder so nothing from the source tree can be imported by accident.
    (cd "$SCRATCH/work" && env -i \
        HOME="$SCRATCH/home" \
        PATH="/usr/local/bin:/usr/bin:/bin" \
        LANG="${LANG:-C.UTF-8}" \
        TMPDIR="$SCRATCH" \
        "$APP" "$@")
    local code=$?
    printf '   (exit %s, %.1f s)\n' "$code" "$(echo "$(date +%s.%N) - $started" | bc)"
    if [ "$code" -ne 0 ]; then
        echo "FAILED: 'attune $*' ($what) exited with $code" >&2
        exit 1
    fi
}

run "version" --version
run "native parts" selfcheck
run "headless demo" demo
for f in share/applications/org.attune.Attune.desktop share/metainfo/org.attune.Attune.metainfo.xml \
         share/icons/hicolor/256x256/apps/org.attune.Attune.png rclone \
         _internal/vfapp/resources/translations/attune_en_GB.qm; do
    [ -e "$BUNDLE/$f" ] || { echo "FAILED: the bundle lacks $f" >&2; exit 1; }
done
echo "The bundle at $BUNDLE passed: version, selfcheck and demo ran without the venv."
