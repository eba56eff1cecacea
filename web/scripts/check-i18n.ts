/**
 * Checks the UI translations: nl, de and en have exactly the same keys, no value is empty, and
 * every literal t('key') in web/src exists. Run: node --import tsx web/scripts/check-i18n.ts
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const langs = ['nl', 'de', 'en'] as const;

function flatten(obj: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') for (const [kk, vv] of flatten(v as Record<string, unknown>, key)) out.set(kk, vv);
    else out.set(key, String(v));
  }
  return out;
}

const catalogs = Object.fromEntries(
  langs.map((l) => [l, flatten(JSON.parse(readFileSync(path.join(web, 'src/i18n', `${l}.json`), 'utf8')))]),
) as Record<(typeof langs)[number], Map<string, string>>;

const problems: string[] = [];
const all = new Set(langs.flatMap((l) => [...catalogs[l].keys()]));
for (const key of all) {
  for (const l of langs) {
    if (!catalogs[l].has(key)) problems.push(`${l}: missing ${key}`);
    else if (!catalogs[l].get(key)!.trim()) problems.push(`${l}: empty ${key}`);
  }
  const vars = langs.map((l) => [...(catalogs[l].get(key) ?? '').matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort().join(','));
  if (new Set(vars).size > 1) problems.push(`placeholders differ for ${key}: ${vars.join(' | ')}`);
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}
for (const file of walk(path.join(web, 'src'))) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/\bt\(\s*['"]([a-zA-Z0-9_.-]+)['"]/g)) {
    if (!catalogs.en.has(m[1]!)) problems.push(`${path.relative(web, file)}: unknown key ${m[1]}`);
  }
}

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`i18n ok: ${all.size} keys in ${langs.join(', ')}`);
