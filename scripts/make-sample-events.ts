/**
 * Regenerates `samples/events/*.json` (SQS-wrapped S3 events, as Lambda receives them) and
 * `samples/events/manifest.json` (which object each event announces, and where its bytes come
 * from, so tests and `textlens invoke` can seed a bucket first).
 *
 * Run: `npx tsx scripts/make-sample-events.ts`. Output is deterministic.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import {
  type CreatedObject,
  singlePartETag,
  sqsEventForObjects,
  sqsRecord,
  testEventBody,
} from '../functions/analyze/s3-event-builder.ts';
import {
  type ObjectSource,
  readObjectSource,
  SAMPLE_EVENTS_DIR,
  type SampleEventEntry,
} from '../functions/analyze/sample-events.ts';
import { LOCAL_NAMES } from '../infra/settings.ts';

const bucket = LOCAL_NAMES.inputBucket;
const root = join(import.meta.dirname, '..');

function object(key: string, from: ObjectSource, extra: Partial<CreatedObject> = {}) {
  const bytes = readObjectSource(from, root);
  // A one-part multipart upload's eTag is the MD5 of the part's binary MD5, then "-1".
  const eTag =
    extra.eventName === 'ObjectCreated:CompleteMultipartUpload'
      ? `${createHash('md5')
          .update(Buffer.from(singlePartETag(bytes), 'hex'))
          .digest('hex')}-1`
      : singlePartETag(bytes);
  return { created: { bucket, key, size: bytes.byteLength, eTag, ...extra }, from };
}

const entries: {
  file: string;
  description: string;
  objects: ReturnType<typeof object>[];
  event?: SQSEvent;
}[] = [
  {
    file: 'upload.json',
    description: 'An ordinary upload of a Markdown article.',
    objects: [
      object('articles/business-chipmaker-results.md', { file: 'samples/business-chipmaker-results.md' }),
    ],
  },
  {
    file: 'upload-unicode-key.json',
    description: 'A key with spaces, "+", parentheses, accents and an emoji (URL-encoded as S3 does).',
    objects: [
      object('articles/Café déjà vu + notes (draft) 🎵.txt', { file: 'samples/world-music-festival.txt' }),
    ],
  },
  {
    file: 'multipart-upload.json',
    description: 'An HTML article uploaded with multipart upload (ObjectCreated:CompleteMultipartUpload).',
    objects: [
      object(
        'articles/sports-cup-final.html',
        { file: 'samples/sports-cup-final.html' },
        {
          eventName: 'ObjectCreated:CompleteMultipartUpload',
        },
      ),
    ],
  },
  {
    file: 'oversized.json',
    description:
      'A 51 MiB text, over the default 50 MiB limit: error report decided from its size, not downloaded.',
    objects: [
      object('articles/merged-feed.txt', {
        repeat: 'samples/news-river-flooding.txt',
        size: 51 * 1024 * 1024,
      }),
    ],
  },
  {
    file: 'binary.json',
    description: 'A PNG image named .txt: error report BINARY_CONTENT.',
    objects: [object('uploads/photo.txt', { file: 'samples/events/objects/pixel.png' })],
  },
  {
    file: 'folder-marker.json',
    description: 'A zero-byte "folder" created by the S3 console: skipped, no report.',
    objects: [object('articles/2026/', { empty: true })],
  },
  {
    file: 'missing-object.json',
    description: 'An upload deleted before it was analysed: do NOT seed it; skipped with a warning.',
    objects: [object('articles/deleted-before-analysis.md', { file: 'samples/opinion-city-transit.txt' })],
  },
  {
    file: 'batch.json',
    description:
      'A batch of four uploads (one SQS record each). Tests make one of them fail in S3 to check that only it is retried.',
    objects: [
      object('articles/news-river-flooding.txt', { file: 'samples/news-river-flooding.txt' }),
      object('articles/opinion-city-transit.txt', { file: 'samples/opinion-city-transit.txt' }),
      object('articles/science-exoplanet-water.txt', { file: 'samples/science-exoplanet-water.txt' }),
      object('uploads/photo.txt', { file: 'samples/events/objects/pixel.png' }),
    ],
  },
];

const manifest: SampleEventEntry[] = [];
for (const entry of entries) {
  const event = sqsEventForObjects(entry.objects.map((o) => o.created));
  writeFileSync(join(SAMPLE_EVENTS_DIR, entry.file), `${JSON.stringify(event, null, 2)}\n`);
  manifest.push({
    event: entry.file,
    description: entry.description,
    objects:
      entry.file === 'missing-object.json'
        ? []
        : entry.objects.map((o) => ({ bucket, key: o.created.key, from: o.from })),
  });
}

const testEvent: SQSEvent = { Records: [sqsRecord(testEventBody(bucket))] };
writeFileSync(join(SAMPLE_EVENTS_DIR, 's3-test-event.json'), `${JSON.stringify(testEvent, null, 2)}\n`);
manifest.push({
  event: 's3-test-event.json',
  description: 'The s3:TestEvent S3 sends when notifications are configured: skipped.',
  objects: [],
});

writeFileSync(join(SAMPLE_EVENTS_DIR, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote ${manifest.length} sample events to ${SAMPLE_EVENTS_DIR}`);
