import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';

// The UI catalogs must stay in step: same keys in nl/de/en, no empty value, the same placeholders,
// and every literal t('key') in web/src must exist.
it('web translations are complete in nl, de and en', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'web/scripts/check-i18n.ts'], { encoding: 'utf8' });
  expect(out).toMatch(/^i18n ok/);
});
