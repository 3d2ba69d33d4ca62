#!/usr/bin/env bash
# Packaging test (issue 8): pack the package, install the tarball into a fresh project, and use it there
# exactly as a consumer would. Fails if a file the package needs is missing from the tarball, if the shipped
# declarations do not type-check (skipLibCheck off), if a public type refers to an unexported one, if an
# internal module is importable, or if the backtest / the `tradestate` command do not work when installed.
#
#   npm run test:package            (KEEP=1 keeps the temporary project for inspection)
set -euo pipefail
repository="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repository"
work="$(mktemp -d "${TMPDIR:-/tmp}/tradestate-package.XXXXXX")"
if [ "${KEEP:-}" != 1 ]; then trap 'rm -rf "$work"' EXIT; fi
step() { printf '\n== package test: %s\n' "$*"; }
fail() { printf 'package test FAILED: %s\n' "$*" >&2; exit 1; }

step "npm pack (prepack runs npm run build)"
tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -n 1)"
[ -f "$tarball" ] || fail "npm pack produced no tarball"

step "tarball contents"
tar -tzf "$tarball" | sed 's#^package/##' | sort >"$work/contents.txt"
for required in package.json README.md bin/tradestate.js dist/index.js dist/index.d.ts dist/testing.js \
  dist/testing.d.ts dist/cli/main.js config/services.yaml examples/config/stocks.yaml \
  examples/data/msft_2000_2001_daily.csv examples/strategies/closeBreakout.js; do
  grep -qx "$required" "$work/contents.txt" || fail "$required is missing from the tarball"
done
# The examples' configs, data and strategy module ship (the README points at them); their TypeScript does not.
if grep -Eq '^(src|tests|scratch|bench)/|^examples/[^/]+\.ts$|\.test\.' "$work/contents.txt"; then
  fail "the tarball ships sources or tests: $(grep -E '^(src|tests|scratch|bench)/|^examples/[^/]+\.ts$|\.test\.' "$work/contents.txt" | head -3 | tr '\n' ' ')"
fi
echo "$(wc -l <"$work/contents.txt") files, $(du -k "$tarball" | cut -f1) kB"

step "install the tarball into a fresh project"
consumer="$work/consumer"
mkdir -p "$consumer"
cat >"$consumer/package.json" <<'JSON'
{ "name": "tradestate-consumer", "version": "1.0.0", "private": true, "type": "module" }
JSON
cd "$consumer"
# Dependencies come from the npm cache when present (the registry otherwise). @types/node: the shipped
# declarations use Node's types, as any Node consumer's do. zod: the consumer writes its own schemas.
# Install scripts are skipped and better-sqlite3's native addon is copied from the repository's install
# (same version, same Node): compiling it from source when no prebuilt binary is reachable takes minutes
# and tests better-sqlite3, not this package. PACKAGE_TEST_NATIVE_BUILD=1 runs the real install scripts.
version_of() { node -p "require('$repository/node_modules/$1/package.json').version"; }
if [ "${PACKAGE_TEST_NATIVE_BUILD:-}" = 1 ]; then ignore_scripts=(); else ignore_scripts=(--ignore-scripts); fi
npm install --no-audit --no-fund --prefer-offline --loglevel=error "${ignore_scripts[@]}" "$tarball" \
  "@types/node@$(version_of @types/node)" "zod@$(version_of zod)"
if [ "${PACKAGE_TEST_NATIVE_BUILD:-}" != 1 ]; then
  installed="$(node -p "require('./node_modules/better-sqlite3/package.json').version")"
  [ "$installed" = "$(version_of better-sqlite3)" ] ||
    fail "better-sqlite3 $installed installed, repository has $(version_of better-sqlite3): set PACKAGE_TEST_NATIVE_BUILD=1"
  cp -R "$repository/node_modules/better-sqlite3/build" node_modules/better-sqlite3/
fi

step "public types: every type the entry points reach is exported"
node --import "$repository/node_modules/tsx/dist/esm/index.mjs" "$repository/scripts/checkPublicTypes.ts" \
  "$consumer/node_modules/tradestate/dist"

step "type-check a consumer against the shipped declarations (skipLibCheck: false)"
cp "$repository/tests/package/consumer/consumer.ts" "$repository/tests/package/consumer/tsconfig.json" "$consumer/"
"$repository/node_modules/.bin/tsc" -p "$consumer/tsconfig.json"

step "run the consumer: ESM imports, internals unreachable, a short backtest"
node "$consumer/out/consumer.js"

step "npx tradestate --help from the installed package"
help="$(npx --no-install tradestate --help)"
printf '%s\n' "$help" | head -n 5
printf '%s' "$help" | grep -q 'backtest' || fail "tradestate --help does not list the backtest command"

step "passed"
