#!/usr/bin/env bash
# Re-fetches the vendored NL Design System CSS from the npm registry, at pinned versions, into
# the core app's static files (served by Weerstand itself; no CDN). Run from the repository root
# after changing a version below, then review the diff and docs/dependencies.md.
#
# Only the dist CSS, the licence and a VERSION file are kept; `npm pack` checks each tarball's
# integrity against the registry.
set -euo pipefail

PACKAGES=(
  "@utrecht/component-library-css@9.0.4 utrecht/component-library-css dist/index.css dist/html.css"
  "@nl-design-system-unstable/voorbeeld-design-tokens@7.4.1 nl-design-system/voorbeeld-design-tokens dist/theme.css"
)
DEST="src/weerstand/core/static/vendor"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for entry in "${PACKAGES[@]}"; do
  read -r spec target rest <<<"$entry"
  read -ra files <<<"$rest"
  tarball="$(cd "$work" && npm pack --silent "$spec")"
  mkdir -p "$work/x" && rm -rf "$work/x"/* && tar -xzf "$work/$tarball" -C "$work/x"
  out="$DEST/$target"
  rm -rf "$out" && mkdir -p "$out"
  for f in "${files[@]}"; do
    cp "$work/x/package/$f" "$out/$(basename "$f")"
  done
  cp "$work/x/package/LICENSE.md" "$out/LICENSE.md"
  echo "$spec" >"$out/VERSION"
  echo "vendored $spec -> $out"
done
