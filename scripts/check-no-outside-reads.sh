#!/usr/bin/env bash
# Static guard (issue 8): code, tests, benchmarks, emulators and scripts read only files inside the
# repository, so a fresh clone tests anywhere. Fails on
#   1. any mention of the sibling folder the old layout read from (../shared, /work/shared);
#   2. a relative path in new URL( / readFileSync( / readFile( / path.resolve( / path.join( that climbs
#      more `..` levels than the file sits below the repository root (e.g. '../../..' from src/app/x.ts).
# Paths are counted from the file's own folder (new URL(…, import.meta.url), dirname(…)): the common case.
set -euo pipefail
cd "$(dirname "$0")/.."

dirs=(src test bench emulators scripts)
code=(--include=*.ts --include=*.tsx --include=*.js --include=*.mjs --include=*.cjs --include=*.sh)
self=check-no-outside-reads.sh
fail=0

# Comment lines (// … , * …, # …) may cite where a fact came from; only code reads files.
comment='^[^:]+:[0-9]+:[[:space:]]*(//|/?\*|#)'
if hits=$(grep -rnE "(\.\./|/work/)shared([/'\"\`]|$)" "${code[@]}" --exclude="$self" "${dirs[@]}" | grep -vE "$comment"); then
  echo "Reads outside the repository (../shared): use test/fixtures/ instead." >&2
  echo "$hits" >&2
  fail=1
fi

# file:line:text of every call that may take a path, with a string literal made of `..` segments.
calls="(new URL|readFileSync|readFile|path\.resolve|path\.join|resolve|join)\("
climb="['\"\`]\.\.(/\.\.)*(/[^'\"\`]*)?['\"\`]"
while IFS= read -r hit; do
  file=${hit%%:*}
  rest=${hit#*:}
  text=${rest#*:}
  dir=$(dirname "$file")
  depth=$(awk -F/ '{ print NF }' <<<"$dir")
  # Sum the `..` segments of all literals on the line: join(dir, '..', '..') climbs two.
  ups=$(grep -oE "$climb" <<<"$text" | tr -d "'\"\`" | awk -F/ '{ for (i = 1; i <= NF; i++) if ($i == "..") n++ } END { print n + 0 }')
  if [ "$ups" -gt "$depth" ]; then
    echo "Climbs out of the repository ($ups levels up from $dir, which is $depth below the root):" >&2
    echo "  $hit" >&2
    fail=1
  fi
done < <(grep -rnE "${calls}.*${climb}" "${code[@]}" --exclude="$self" "${dirs[@]}" | grep -vE "$comment" || true)

if [ "$fail" -ne 0 ]; then
  exit 1
fi
echo "no reads outside the repository"
