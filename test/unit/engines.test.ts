import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

/**
 * `npm ci` must not warn EBADENGINE on the Node version package.json promises (issue 15, item 9): every
 * installed package's own `engines.node` range must admit the lowest version our `engines.node` allows.
 */
const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean }>;
};

describe('declared Node engine', () => {
  const lowest = semver.minVersion(pkg.engines.node);

  it('is a real range', () => {
    expect(lowest).not.toBeNull();
  });

  it('is supported by every locked package', () => {
    const refusing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (!path || !entry.engines || Array.isArray(entry.engines) || !entry.engines.node) continue;
      if (!semver.satisfies(lowest ?? '0.0.0', entry.engines.node)) {
        refusing.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${entry.engines.node}`);
      }
    }
    expect(refusing).toEqual([]);
  });

  it('is the one the README names', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const named = /Needs Node\.js (\d+\.\d+) or newer/.exec(readme);
    expect(named, 'README says which Node.js it needs').not.toBeNull();
    expect(semver.coerce(named![1])?.version).toBe(lowest?.version);
  });
});
