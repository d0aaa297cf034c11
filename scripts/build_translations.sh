#!/usr/bin/env bash
# Refresh the translation sources and build the compiled catalogues the app loads.
#
#   scripts/build_translations.sh            # lupdate every .ts, then lrelease to .qm
#   scripts/build_translations.sh --no-update  # only lrelease (the .ts files as they are)
#
# resources/translations/attune_<locale>.ts  the sources translators edit (committed)
# vfapp/resources/translations/*.qm         build artefacts (git-ignored, shipped in the package)
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"

# The Qt tools sit inside the PySide6 package; the pyside6-lupdate wrapper script fails
# when PySide6 is installed as a namespace package, so call the tools directly.
QT_BIN="$("$PYTHON" -c 'import importlib.util as u; print(list(u.find_spec("PySide6").submodule_search_locations)[0])')"
LUPDATE="$QT_BIN/lupdate"
LRELEASE="$QT_BIN/lrelease"

SOURCES=$(find vfapp/ui vfapp/app -name '*.py' | sort)
mkdir -p vfapp/resources/translations

# English (UK) always; any other language once its .ts exists (see resources/README.md).
LOCALES="en_GB"
for ts in resources/translations/attune_*.ts; do
    [[ -e "$ts" ]] || continue
    found="$(basename "$ts" .ts)"
    found="${found#attune_}"
    [[ " $LOCALES " == *" $found "* ]] || LOCALES="$LOCALES $found"
done

for locale in $LOCALES; do
    ts="resources/translations/attune_${locale}.ts"
    if [[ "${1:-}" != "--no-update" ]]; then
        # tr+=_tr: some modules name their module-level helper _tr; -locations relative
        # keeps line numbers without absolute paths; -no-obsolete drops texts the code
        # no longer has.
        # shellcheck disable=SC2086
        "$LUPDATE" $SOURCES -tr-function-alias tr+=_tr -locations relative -no-obsolete \
            -target-language "$locale" -ts "$ts"
    fi
    "$LRELEASE" "$ts" -qm "vfapp/resources/translations/attune_${locale}.qm"
done
