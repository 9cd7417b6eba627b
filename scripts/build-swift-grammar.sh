#!/usr/bin/env bash
# Rebuilds vendor/tree-sitter/tree-sitter-swift.wasm from the npm package tree-sitter-swift@0.7.1.
# Needs only the npm registry and Debian's emscripten (apt-get install -y emscripten; 3.1.6 on bookworm).
# The package is fetched with `npm pack` (never installed: its tree-sitter-cli dependency downloads a binary).
set -euo pipefail

VERSION="${TREE_SITTER_SWIFT_VERSION:-0.7.1}"
# npm's integrity for tree-sitter-swift@0.7.1; a different version must pass its own.
INTEGRITY="${TREE_SITTER_SWIFT_INTEGRITY:-sha512-pneKVTuGamaBsqqqfB9BvNQjktzh/0IVPR54jLB5Fq/JTDQwYHd0Wo6pVyZ5jAYpbztzq+rJ/rpL9ruxTmSoKw==}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/vendor/tree-sitter/tree-sitter-swift.wasm"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

command -v emcc >/dev/null || { echo "emcc not found: apt-get install -y emscripten" >&2; exit 1; }

cd "$WORK"
npm pack "tree-sitter-swift@$VERSION" --json > pack.json 2>/dev/null
got="$(node -e 'console.log(JSON.parse(require("fs").readFileSync("pack.json","utf8"))[0].integrity)')"
if [ "$INTEGRITY" != "$got" ]; then
  echo "integrity mismatch for tree-sitter-swift@$VERSION: expected $INTEGRITY, got $got" >&2
  exit 1
fi
tar xzf "tree-sitter-swift-$VERSION.tgz"
cd package

# Two scanner bugs that the native build survives by luck and WASM does not (see vendor/tree-sitter/README.md).
patch_once() { # file, from, to
  grep -qF -- "$2" "$1" || { echo "patch boundary changed in $1: '$2' not found" >&2; exit 1; }
  FROM="$2" TO="$3" perl -0pi -e 's/\Q$ENV{FROM}\E/$ENV{TO}/g' "$1"
}
patch_once src/scanner.c 'calloc(0, sizeof(struct ScannerState))' 'calloc(1, sizeof(struct ScannerState))'
patch_once src/scanner.c '1UL << FAKE_TRY_BANG' '1ULL << FAKE_TRY_BANG'
patch_once src/scanner.c 'suppressing_symbols & 1 << suppressor' 'suppressing_symbols & 1ULL << suppressor'

# The flags of `tree-sitter build --wasm` (tree-sitter-cli 0.22/0.23): a standalone side module.
emcc -o "$WORK/tree-sitter-swift.wasm" -Os -fno-exceptions -fvisibility=hidden \
  -s WASM=1 -s SIDE_MODULE=2 -s 'EXPORTED_FUNCTIONS=["_tree_sitter_swift"]' \
  -I src src/parser.c src/scanner.c
mkdir -p "$(dirname "$OUT")"
cp "$WORK/tree-sitter-swift.wasm" "$OUT"
echo "built $OUT ($(wc -c < "$OUT") bytes, sha256 $(sha256sum "$OUT" | cut -d' ' -f1))"
echo "emcc: $(emcc --version | head -1)"
