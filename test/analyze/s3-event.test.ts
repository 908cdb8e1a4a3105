import { describe, expect, it } from 'vitest';
import { decodeS3Key, parseMessage } from '../../functions/analyze/s3-event.ts';
import { encodeS3Key, objectCreatedRecord, testEventBody } from '../../functions/analyze/s3-event-builder.ts';
import { loadSampleEvent, loadSampleManifest } from '../../functions/analyze/sample-events.ts';

const KEYS = [
  'plain.txt',
  'a b/c d.md',
  'plus+sign.txt',
  '100% true.txt',
  "it's (really) *fine*!.txt",
  'Café déjà vu/naïve.txt',
  'emoji 🎵🚀/日本語.md',
  'deep/a/b/c/d/e/f.html',
  'query?x=1&y=2#frag.txt',
  'tilde~under_score-dash.txt',
];

describe('S3 key encoding', () => {
  it('encodes like S3 (space as +, + as %2B, unicode as UTF-8 escapes) and decodes back', () => {
    expect(encodeS3Key('a b+c/é (1)!.txt')).toBe('a+b%2Bc/%C3%A9+%281%29%21.txt');
    for (const key of KEYS) expect(decodeS3Key(encodeS3Key(key))).toBe(key);
  });
});

describe('parseMessage', () => {
  it('recognises the S3 test event', () => {
    expect(parseMessage(testEventBody('textlens-input'))).toEqual({ kind: 'test-event' });
  });

  it('returns decoded objects with eTag, size and version', () => {
    const record = objectCreatedRecord({
      bucket: 'in',
      key: 'a b/+.txt',
      size: 3,
      eTag: 'abc',
      versionId: 'v1',
    });
    expect(parseMessage(JSON.stringify({ Records: [record] }))).toEqual({
      kind: 'objects',
      objects: [
        {
          bucket: 'in',
          key: 'a b/+.txt',
          size: 3,
          eTag: 'abc',
          versionId: 'v1',
          eventName: 'ObjectCreated:Put',
        },
      ],
    });
  });

  it('ignores events other than ObjectCreated', () => {
    const record = {
      ...objectCreatedRecord({ bucket: 'in', key: 'k', size: 1, eTag: 'e' }),
      eventName: 'ObjectRemoved:Delete',
    };
    expect(parseMessage(JSON.stringify({ Records: [record] }))).toEqual({ kind: 'objects', objects: [] });
  });

  it('reports what is wrong with a malformed message', () => {
    const good = objectCreatedRecord({ bucket: 'in', key: 'k', size: 1, eTag: 'e' });
    const cases: [string, RegExp][] = [
      ['not json', /not JSON/],
      ['[1]', /not a JSON object/],
      ['{"hello":1}', /no Records/],
      [JSON.stringify({ Records: [{ ...good, eventSource: 'aws:sqs' }] }), /eventSource/],
      [JSON.stringify({ Records: [{ ...good, s3: { ...good.s3, object: { key: '' } } }] }), /object key/],
      [
        JSON.stringify({ Records: [{ ...good, s3: { ...good.s3, object: { key: '%E0%A4%A' } } }] }),
        /URL encoding/,
      ],
    ];
    for (const [body, problem] of cases) {
      const parsed = parseMessage(body);
      expect(parsed.kind, body).toBe('invalid');
      expect(parsed.kind === 'invalid' && parsed.problem, body).toMatch(problem);
    }
  });

  it('parses every sample event and finds the objects its manifest announces', () => {
    for (const entry of loadSampleManifest()) {
      const event = loadSampleEvent(entry.event, { bucket: 'other-bucket' });
      const parsed = event.Records.map((r) => parseMessage(r.body));
      if (entry.event === 's3-test-event.json') {
        expect(parsed).toEqual([{ kind: 'test-event' }]);
        continue;
      }
      const objects = parsed.flatMap((p) => (p.kind === 'objects' ? p.objects : []));
      expect(objects.every((o) => o.bucket === 'other-bucket')).toBe(true);
      if (entry.objects.length > 0)
        expect(objects.map((o) => o.key)).toEqual(entry.objects.map((o) => o.key));
    }
  });
});
