import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../functions/analyze/config.ts';
import { ENV } from '../../infra/settings.ts';

describe('loadConfig', () => {
  it('reads a valid configuration', () => {
    expect(loadConfig({ [ENV.outputBucket]: 'textlens-output', [ENV.maxDocumentBytes]: '1048576' })).toEqual({
      outputBucket: 'textlens-output',
      maxDocumentBytes: 1048576,
    });
  });

  it('lists every problem in one error', () => {
    try {
      loadConfig({});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        `${ENV.outputBucket} is not set`,
        `${ENV.maxDocumentBytes} is not set`,
      ]);
    }
  });

  it('rejects invalid values without echoing them', () => {
    const secretLooking = 'Not_A_Bucket/secret-value';
    for (const max of ['0', '-1', '1.5', '10MB', '1e6']) {
      let caught: ConfigError | undefined;
      try {
        loadConfig({ [ENV.outputBucket]: secretLooking, [ENV.maxDocumentBytes]: max });
      } catch (error) {
        caught = error as ConfigError;
      }
      expect(caught?.problems).toHaveLength(2);
      expect(caught?.message).not.toContain(secretLooking);
      expect(caught?.message).not.toContain(max === '0' ? '=0' : max);
    }
  });
});
