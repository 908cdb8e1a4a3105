import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ANALYZER_VERSION } from '../../functions/lib/version.ts';

it('ANALYZER_VERSION matches package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  expect(ANALYZER_VERSION).toBe(pkg.version);
});
