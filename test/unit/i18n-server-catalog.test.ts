import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DETAIL_CODES, isDetailCode } from '../../src/domain/errors.ts';
import { catalogs, LOCALES, t } from '../../src/platform/i18n/catalog.ts';

/**
 * The server catalogue (src/platform/i18n/catalog/{en,nl,de}.ts) stays in step: the same keys and the same
 * {placeholders} in every language, no untranslated copy of the English text, and a text for every field
 * detail code the services raise. The web UI's JSON catalogues have their own test (i18n-catalogs.test.ts).
 */
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Values that are the same word in Dutch or German as in English (names, codes, loan words). */
const SAME_AS_ENGLISH: Record<'nl' | 'de', string[]> = {
  nl: ['nouns.contract', 'nouns.mail', 'nouns.code', 'mail.sync.field.bsn', 'mail.sync.field.status', 'mail.recruiting.where.video'],
  de: ['mail.sync.field.bsn', 'mail.sync.field.status', 'mail.recruiting.where.video'],
};

describe('server message catalogue', () => {
  const en = catalogs.en;
  const keys = Object.keys(en).sort();

  it('has the same keys in nl, de and en, none empty', () => {
    for (const locale of LOCALES) {
      expect(Object.keys(catalogs[locale]).sort(), locale).toEqual(keys);
      for (const [k, v] of Object.entries(catalogs[locale])) expect(v.trim(), `${locale} ${k}`).not.toBe('');
    }
  });

  it('has the same {placeholders} per key in every language', () => {
    for (const locale of ['nl', 'de'] as const) {
      for (const k of keys) expect(placeholders(catalogs[locale][k as keyof typeof en]), `${locale} ${k}`).toEqual(placeholders(en[k as keyof typeof en]));
    }
  });

  it('has no Dutch or German value that is still the English text, except the allow-list', () => {
    for (const locale of ['nl', 'de'] as const) {
      const same = keys.filter((k) => catalogs[locale][k as keyof typeof en] === en[k as keyof typeof en]);
      expect(same, locale).toEqual([...SAME_AS_ENGLISH[locale]].sort());
    }
  });

  it('has a text for every field detail code, and no detail text without a code', () => {
    for (const code of DETAIL_CODES) expect(keys, code).toContain(`details.${code}`);
    const detailKeys = keys.filter((k) => k.startsWith('details.')).map((k) => k.slice('details.'.length));
    expect(detailKeys.filter((c) => !isDetailCode(c))).toEqual([]);
  });

  it('fills placeholders and leaves a missing one empty', () => {
    expect(t('nl', 'errors.csv_invalid', { count: 3 })).toBe('Het bestand bevat 3 ongeldige regels; er is niets geïmporteerd.');
    expect(t('de', 'mail.recruiting.where.phone', {})).toBe('Telefonisch: ');
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('detail codes used in src/', () => {
  // invalidField(field, 'code', params?): the second argument when it is a literal. tsc checks the type
  // (DetailCode); this also catches a literal passed through a cast.
  const CALL = /\binvalidField\(\s*(?:[^,()]|\([^()]*\))+,\s*'([^']*)'/g;
  const uses = sourceFiles('src').flatMap((file) => [...readFileSync(file, 'utf8').matchAll(CALL)].map((m) => ({ file, literal: m[1]! })));

  it('finds the calls', () => {
    expect(uses.length).toBeGreaterThan(40);
  });

  it('are all codes of the catalogue, never English sentences', () => {
    expect(uses.filter((u) => !isDetailCode(u.literal))).toEqual([]);
  });
});
