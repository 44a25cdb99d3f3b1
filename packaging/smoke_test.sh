#!/usr/bin/env bash
# Run the built program (dist/cxdesk/cxdesk) the way a laptop without Python would: an empty
# environment (env -i), no venv on the PATH, data in a throw-away folder, Qt off screen.
#
#   bash packaging/smoke_test.sh [BUNDLE_DIR]        (default: dist/cxdesk)
#   CXDESK_SMOKE_PG_URL=postgresql+psycopg://user@host/emptydb   also fill a PostgreSQL database
#
# Needs sqlite3 and pdftotext (poppler-utils) on the machine, and the repository's .venv only to
# write the platform package the import step reads (tests/services/sync_factory.py). Ends with
# "N passed, N failed"; the exit status is 1 when a step failed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUNDLE=$(cd "${1:-dist/cxdesk}" 2>/dev/null && pwd) || { echo "no ${1:-dist/cxdesk}: build first (bash packaging/build.sh)" >&2; exit 1; }
EXE="$BUNDLE/cxdesk"
[ -x "$EXE" ] || { echo "no $EXE: build first (bash packaging/build.sh)" >&2; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cxdesk-smoke.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
mkdir home
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/pyproject.toml" | head -1)

passed=0
failed=0
ok() { passed=$((passed + 1)); printf 'ok    %-58s %s\n' "$1" "${2:-}"; }
bad() { failed=$((failed + 1)); printf 'FAIL  %s\n' "$1"; [ -n "${2:-}" ] && sed 's/^/      /' <<<"$2" | head -20; }

# The program in an empty environment: what a double-click or a support person's shell gives it.
desk() {
  env -i PATH=/usr/bin:/bin HOME="$TMP/home" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
    CXDESK_HOME="$TMP/desk" "$EXE" "$@"
}

# step NAME EXPECTED_STATUS COMMAND…: run, keep out/err in $OUT/$ERR, check the exit status, and
# that no traceback reached the screen.
step() {
  local name=$1 want=$2
  shift 2
  local start end
  start=$(date +%s.%N)
  "$@" >out.txt 2>err.txt
  STATUS=$?
  end=$(date +%s.%N)
  OUT=$(cat out.txt)
  ERR=$(cat err.txt)
  TOOK=$(printf '%.1fs' "$(echo "$end - $start" | bc 2>/dev/null || echo 0)")
  if [ "$STATUS" != "$want" ]; then
    bad "$name: exit status $STATUS, expected $want" "$OUT
$ERR"
    return 1
  fi
  if grep -q "Traceback" out.txt err.txt; then
    bad "$name: a traceback reached the screen" "$ERR"
    return 1
  fi
  return 0
}

# expect NAME PATTERN TEXT [PATTERN…]: the text holds every (grep -E) pattern.
expect() {
  local name=$1 text=$3 pattern
  for pattern in "$2" "${@:4}"; do
    grep -qE -- "$pattern" <<<"$text" || { bad "$name: no match for $pattern" "$text"; return; }
  done
  ok "$name" "$TOOK"
}

echo "Bundle: $BUNDLE ($(du -sh "$BUNDLE" | cut -f1))"
echo "Environment: env -i PATH=/usr/bin:/bin HOME=… LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen CXDESK_HOME=…"

# -- the bundle itself --------------------------------------------------------------------------
if command -v ldd >/dev/null && [ "$(uname -s)" = Linux ]; then
  missing=""
  venv=""
  while IFS= read -r -d '' lib; do
    file -b "$lib" 2>/dev/null | grep -q ELF || continue
    deps=$(LD_LIBRARY_PATH="$BUNDLE/_internal" ldd "$lib" 2>/dev/null)
    missing+=$(grep "not found" <<<"$deps" | sed "s|^|${lib#"$BUNDLE"/}: |")$'\n'
    venv+=$(grep -F "/.venv/" <<<"$deps")
  done < <(find "$BUNDLE" -type f \( -name "*.so*" -o -name cxdesk \) -print0)
  # Qt, ICU, Python and the bindings must all be in the bundle; the X11/xcb libraries a desktop
  # has (libxcb-icccm, libxcb-keysyms …) may come from the system.
  ours=$(grep -E "[[:space:]]lib(Qt6|icu|python|pyside|shiboken)[^ ]* => not found" <<<"$missing")
  if [ -n "$ours" ] || [ -n "$venv" ]; then
    bad "every library the bundle links is in it (ldd)" "$ours$venv"
  else
    TOOK=""
    ok "every library the bundle links is in it (ldd)"
    from_system=$(grep -o "lib[^ ]* => not found" <<<"$missing" | sort -u | cut -d' ' -f1 | tr '\n' ' ')
    [ -n "$from_system" ] && echo "      from the system (not on this build machine): $from_system"
  fi
fi
qms=$(find "$BUNDLE" -name "qtbase_*.qm" | wc -l)
mos=$(find "$BUNDLE/_internal/translations" -name "cxdesk.mo" | wc -l)
pos=$(find "$ROOT/translations" -name "cxdesk.po" | wc -l)
if [ "$mos" = "$pos" ] && [ "$qms" -ge 7 ] && [ -f "$BUNDLE/_internal/resources/fonts/DejaVuSans.ttf" ]; then
  TOOK=""
  ok "catalogs ($mos cxdesk.mo, $qms qtbase_*.qm) and fonts in the bundle"
else
  bad "catalogs and fonts in the bundle: $mos of $pos cxdesk.mo, $qms qtbase_*.qm"
fi

# -- the commands ---------------------------------------------------------------------------------
step "--version" 0 desk --version && expect "--version prints cxdesk $VERSION" "^cxdesk $VERSION\$" "$OUT"

step "quote" 0 desk quote --visitor-city Athens --visitor-country EL --host-city Dublin \
  --host-country IE --start 2026-03-16 --end 2026-03-20 --json &&
  expect "quote --json: Athens EL -> Dublin IE, 4 working days, 550.00" \
    '"lump_sum": "550.00"' "$OUT" '"working_days": 4,' '"halved": true' '"eligible": true'

step "quote, unknown city" 1 desk quote --visitor-city Atlantis --visitor-country EL \
  --host-city Dublin --host-country IE --start 2026-03-16 --end 2026-03-20 &&
  expect "quote refuses an unknown city (exit 1, one sentence)" "Unknown city 'Atlantis'" "$ERR"

step "usage" 2 desk frobnicate && expect "a wrong command exits 2 with the usage" "^usage: cxdesk" "$ERR"

step "demo" 0 desk demo --size small && expect "demo --size small" "^Demo data: [0-9]+ organisations" "$OUT"

step "check" 0 desk check && expect "check" "exchanges checked, 0 problems" "$OUT"

DB="$TMP/desk/data/cxdesk.sqlite3"
REF=$(sqlite3 "$DB" "SELECT e.reference FROM exchanges e JOIN people p ON p.uid = e.visitor_uid
  WHERE p.language IN ('bg', 'uk') ORDER BY e.reference LIMIT 1" 2>/dev/null)
NAME=$(sqlite3 "$DB" "SELECT p.first_name || ' ' || p.last_name FROM exchanges e
  JOIN people p ON p.uid = e.visitor_uid WHERE e.reference = '$REF'" 2>/dev/null)
if [ -z "$REF" ]; then
  bad "a demo exchange with a Bulgarian or Ukrainian visitor (sqlite3)"
else
  step "agreement" 0 desk agreement "$REF" -o a.pdf &&
    expect "agreement $REF: the visitor $NAME in the PDF" "$NAME" "$(pdftotext a.pdf - 2>&1)"
  fonts=$(pdffonts a.pdf 2>&1)
  if grep -q "DejaVuSans.*TrueType.*yes yes" <<<"$fonts" && ! grep -q "Helvetica\|Times" <<<"$fonts"; then
    TOOK="" ok "agreement embeds DejaVu Sans only"
  else
    bad "agreement embeds DejaVu Sans only" "$fonts"
  fi
  step "agreement --lang el" 0 desk agreement "$REF" -o el.pdf --lang el &&
    expect "agreement in Greek (catalog and formats)" "Συμφωνία επιχορήγησης" "$(pdftotext el.pdf - 2>&1)"
fi

# -- bank details and SEPA: the libraries' registries and schemas in the bundle ------------------
# packaging/rthooks/cxdesk_bundle_check.py: an IBAN checked and its bank found (schwifty's
# registries), a wrong one refused, a SEPA transfer written and validated (sepaxml's XSD read
# through xmlschema), pypdf imported, python-pkcs11 loaded and a signature stamp drawn in
# DejaVu Sans (uharfbuzz, fontTools).
step "bundle check" 0 env -i PATH=/usr/bin:/bin HOME="$TMP/home" LANG=C.UTF-8 \
  CXDESK_HOME="$TMP/desk" CXDESK_BUNDLE_CHECK=1 "$EXE" &&
  expect "IBAN validated, bank found, SEPA schema loaded, stamp drawn (CXDESK_BUNDLE_CHECK=1)" \
    "IBAN DE89 3704 0044 0532 0130 00 valid, bank COBADEFFXXX" "$OUT" \
    "a wrong check digit refused" "SEPA pain.001.001.03 written and validated" \
    "signature stamp drawn in DejaVu Sans" "python-pkcs11 loaded"
if desk --help 2>/dev/null | grep -qw sepa; then
  # The demo's reported exchanges wait for payment, most with an IBAN: a real SEPA file.
  if step "sepa" 0 desk sepa -o sepa.xml --debtor-iban DE89370400440532013000 \
      --debtor-name "ClusterXchange" --debtor-bic COBADEFFXXX; then
    expect "sepa -o sepa.xml: a pain.001.001.03 credit transfer" "pain\.001\.001\.03" \
      "$(cat sepa.xml 2>&1)" "<CdtTrfTxInf>"
  fi
  step "sepa, a wrong IBAN" 1 desk sepa -o bad.xml --debtor-iban DE89370400440532013001 \
    --debtor-name "ClusterXchange" &&
    expect "sepa refuses a wrong IBAN (exit 1, one sentence)" "IBAN" "$ERR"
else
  echo "skip  sepa: this build has no such command yet"
fi

# -- packages -------------------------------------------------------------------------------------
if desk --help 2>/dev/null | grep -qw import; then
  step "export" 0 desk export full.zip --full --json &&
    expect "export full.zip --full" '"kind": "full"' "$OUT"
  step "import of a desk's export" 1 desk --db "$TMP/other.sqlite3" import full.zip &&
    expect "import refuses a desk's own export (exit 1)" "refused" "$ERR"
  if "$ROOT/.venv/bin/python" -c "
import sys; sys.path.insert(0, '$ROOT')
from pathlib import Path
from tests.services.sync_factory import full
full(Path('$TMP'), name='platform.zip')" 2>err.txt; then
    step "import" 0 desk --db "$TMP/imported.sqlite3" import platform.zip --json &&
      expect "import of a platform package into an empty database" '"applied": true' "$OUT"
    step "check after import" 0 desk --db "$TMP/imported.sqlite3" check &&
      expect "check of the imported database" "0 problems" "$OUT"
  else
    bad "write a platform package with tests/services/sync_factory.py" "$(cat err.txt)"
  fi
else
  echo "skip  import/export: this build has no such commands yet"
fi

# -- the window, off screen -----------------------------------------------------------------------
if desk --help 2>/dev/null | grep -qw screenshot; then
  for tab in members exchanges calendar funding; do
    if step "screenshot $tab" 0 desk screenshot -o "$tab.png" --tab "$tab"; then
      if [ "$(head -c 8 "$tab.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] &&
        [ "$(wc -c <"$tab.png")" -gt 20000 ]; then
        ok "screenshot --tab $tab ($(wc -c <"$tab.png") bytes)" "$TOOK"
      else
        bad "screenshot --tab $tab: not a PNG of the window" "$(ls -l "$tab.png" 2>&1)"
      fi
    fi
  done
else
  echo "skip  screenshot: this build has no such command yet"
fi

# -- portable mode: a marker file beside the executable keeps the data beside it -----------------
if cp -al "$BUNDLE" "$TMP/stick" 2>/dev/null || cp -a "$BUNDLE" "$TMP/stick"; then
  touch "$TMP/stick/cxdesk-portable.txt"
  mkdir -p "$TMP/home2"
  if env -i PATH=/usr/bin:/bin HOME="$TMP/home2" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
      "$TMP/stick/cxdesk" demo --size small >out.txt 2>err.txt &&
      [ -f "$TMP/stick/cxdesk-data/data/cxdesk.sqlite3" ] &&
      [ -z "$(find "$TMP/home2" -mindepth 1 -print -quit)" ]; then
    TOOK="" ok "portable: cxdesk-portable.txt keeps the data in cxdesk-data/"
  else
    bad "portable: cxdesk-portable.txt keeps the data in cxdesk-data/" \
      "$(cat out.txt err.txt; find "$TMP/stick/cxdesk-data" "$TMP/home2" 2>&1 | head)"
  fi
fi

# -- a shared office: PostgreSQL through psycopg --------------------------------------------------
if [ -n "${CXDESK_SMOKE_PG_URL:-}" ]; then
  step "postgres demo" 0 desk --db "$CXDESK_SMOKE_PG_URL" demo --size small &&
    expect "PostgreSQL: demo into $CXDESK_SMOKE_PG_URL" "^Demo data:" "$OUT"
  step "postgres check" 0 desk --db "$CXDESK_SMOKE_PG_URL" check &&
    expect "PostgreSQL: check" "0 problems" "$OUT"
else
  echo "skip  PostgreSQL: set CXDESK_SMOKE_PG_URL to an empty database to try it"
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
