/**
 * `npm run load [-- --count N]`: a burst of uploads (default 1,000, sizes 1 KB-1 MB) through the
 * local pipeline; prints documents per second and peak memory, and exits non-zero when any key
 * lacks its report or error report or got one twice. See scripts/lib/load-burst.ts.
 */
import { describeBurst, runBurst } from './lib/load-burst.ts';

const countArg = process.argv.indexOf('--count');
const count = countArg >= 0 ? Number(process.argv[countArg + 1]) : 1000;
const result = await runBurst({ count, log: (line) => console.log(line) });
console.log(describeBurst(result));
console.log(JSON.stringify({ ...result, missing: result.missing.slice(0, 20) }, null, 2));
const failed = result.missing.length + result.writtenTwice.length + result.both.length > 0;
process.exit(failed ? 1 : 0);
