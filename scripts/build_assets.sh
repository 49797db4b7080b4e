#!/usr/bin/env bash
# Builds static/build/ (git-ignored) from the npm packages: compiled CSS, the
# GOV.UK and MOJ Frontend scripts, and GOV.UK Frontend's images and manifest.
# Nothing is fetched from a CDN; npm's registry is the only source.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ -f package-lock.json ]]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi

GOVUK="node_modules/govuk-frontend/dist/govuk"
MOJ="node_modules/@ministryofjustice/frontend/moj"
OUT="static/build"

rm -rf "$OUT"
mkdir -p "$OUT/assets/images"

# --load-path=. because MOJ Frontend's Sass reaches GOV.UK Frontend through a
# "node_modules/..." path; --quiet-deps hides warnings from inside the packages.
npx --no-install sass --pkg-importer=node --load-path=. --quiet-deps \
  --style=compressed --no-source-map static/src/app.scss "$OUT/app.css"

cp "$GOVUK/govuk-frontend.min.js" "$MOJ/moj-frontend.min.js" static/src/app.mjs "$OUT/"
# Images and manifest only: the GDS Transport fonts are not for council services.
cp "$GOVUK/assets/manifest.json" "$OUT/assets/"
cp "$GOVUK"/assets/images/* "$OUT/assets/images/"
# MOJ's icons (filter, timeline, tags); its logos and crest are not wanted.
cp "$MOJ"/assets/images/icon-*.svg "$OUT/assets/images/"

if grep -q "GDS Transport" "$OUT/app.css"; then
  echo "build_assets: app.css mentions GDS Transport; check the font settings" >&2
  exit 1
fi

echo "build_assets: built $OUT ($(wc -c <"$OUT/app.css") bytes of CSS)"
