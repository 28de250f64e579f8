#!/usr/bin/env bash
# Builds snac (a Mastodon-API server written by others) from ../shared/servers/ into a cache
# directory outside the repo, once per source tarball. Prints the path of the binary.
#   scripts/ci/snac.sh            build if needed, print the binary's path
# Environment: SNAC_TARBALL (default ../shared/servers/snac2-2.94.tar.gz from the repo),
#              FEDIPRINT_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/fediprint).
# Needs cc, make, libcurl and libssl headers; .ci/run installs the apt packages when missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tarball="${SNAC_TARBALL:-$root/../shared/servers/snac2-2.94.tar.gz}"
cache="${FEDIPRINT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fediprint}"
[ -f "$tarball" ] || { echo "snac.sh: $tarball not found" >&2; exit 1; }
sum="$(sha256sum "$tarball" | cut -c1-16)"
dir="$cache/snac-$sum"
if [ ! -x "$dir/snac" ]; then
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  tar xzf "$tarball" -C "$dir.tmp" --strip-components=1
  make -C "$dir.tmp" -j2 >"$dir.tmp/build.log" 2>&1 || { tail -20 "$dir.tmp/build.log" >&2; exit 1; }
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
fi
echo "$dir/snac"
