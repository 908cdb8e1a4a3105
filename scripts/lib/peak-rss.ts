/**
 * Peak resident set size of this process, in bytes.
 *
 * On Linux this is `VmHWM` from /proc/self/status. `process.resourceUsage().maxRSS`
 * (getrusage's ru_maxrss) survives exec: a child spawned by a big parent reports at least the
 * parent's RSS at the fork. The bench's scaling children, spawned by a 267 MiB bench process,
 * all reported 267 MiB "before analysis" that way, where their own peak was 108 MiB.
 * Elsewhere (no /proc) it falls back to `maxRSS`.
 */
import { readFileSync } from 'node:fs';

export function peakRssBytes(): number {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // No procfs: not Linux.
  }
  return process.resourceUsage().maxRSS * 1024;
}
