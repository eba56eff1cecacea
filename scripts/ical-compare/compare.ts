/**
 * Compares Koppel's busy time (expandIcs) with an independent implementation (oracle.py: Debian's
 * python3-recurring-ical-events) on a folder of real-world .ics files, and prints every file where they differ.
 *
 *   apt-get install python3-recurring-ical-events
 *   npx tsx scripts/ical-compare/compare.ts <folder with .ics files> [more folders]
 *
 * Rows are compared as sets of (UID, start, end) in UTC over 2000–2030, owner zone UTC, skip mode (what the
 * CalDAV provider uses). Zero-length rows are left out on both sides (they block nothing), and so are UIDs when
 * the oracle gives none (Koppel names those "#n"). A difference is a lead, not a verdict: the oracle has its own
 * mistakes (see docs/decisions/0033-…). Not part of the test suite: the files are other projects' test data.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandIcs } from '../../src/domain/ical/ical-expand.ts';

type Row = [string, string, string];
const FROM = '2000-01-01T00:00:00Z';
const TO = '2030-01-01T00:00:00Z';
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const files = process.argv.slice(2).flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.ics'))
    .map((f) => join(dir, f))
    .filter((f) => readFileSync(f, 'utf8').includes('BEGIN:VEVENT')),
);
if (files.length === 0) {
  console.error('usage: npx tsx scripts/ical-compare/compare.ts <folder with .ics files> …');
  process.exit(2);
}
const python = spawnSync('/usr/bin/python3', [new URL('./oracle.py', import.meta.url).pathname, ...files], { encoding: 'utf8', maxBuffer: 1 << 30 });
if (python.status !== 0) {
  console.error(python.stderr || 'oracle.py failed (is python3-recurring-ical-events installed?)');
  process.exit(2);
}
const oracle = JSON.parse(python.stdout) as Record<string, { rows?: Row[]; error?: string }>;

const key = (rows: Row[], blank: boolean) => new Set(rows.filter(([, a, b]) => a !== b).map(([u, a, b]) => `${blank || u.startsWith('#') ? '' : u}|${a}|${b}`));
let same = 0;
let differ = 0;
let oracleFailed = 0;
for (const file of files) {
  const name = file.split('/').pop()!;
  const theirs = oracle[name];
  if (!theirs?.rows) {
    oracleFailed++;
    continue;
  }
  let ours: Row[];
  try {
    const r = expandIcs(readFileSync(file, 'utf8'), { from: FROM, to: TO, timeZone: 'UTC', onInvalidEvent: 'skip' });
    ours = r.busy.filter((b) => b.source === 'event').map((b) => [b.uid, iso(b.start), iso(b.end)]);
  } catch (err) {
    differ++;
    console.log(`${name}: Koppel could not read it: ${err instanceof Error ? err.message : String(err)}`);
    continue;
  }
  const blank = theirs.rows.some(([u]) => u === '');
  const a = key(theirs.rows, blank);
  const b = key(ours, blank);
  const onlyOracle = [...a].filter((x) => !b.has(x));
  const onlyKoppel = [...b].filter((x) => !a.has(x));
  if (onlyOracle.length === 0 && onlyKoppel.length === 0) {
    same++;
    continue;
  }
  differ++;
  console.log(`${name}: ${onlyOracle.length} only in the oracle, ${onlyKoppel.length} only in Koppel`);
  for (const x of onlyOracle.slice(0, 3)) console.log(`  - ${x}`);
  for (const x of onlyKoppel.slice(0, 3)) console.log(`  + ${x}`);
}
console.log(JSON.stringify({ files: files.length, oracleFailed, compared: same + differ, same, differ }));
