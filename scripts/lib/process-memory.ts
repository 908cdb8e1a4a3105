/**
 * Memory of processes, from Linux's /proc/<pid>/status (the benchmarks and the load test).
 */
import { readFileSync } from 'node:fs';

/**
 * A memory field of /proc/<pid>/status in kB (`VmRSS` now, `VmHWM` the peak), or undefined
 * where there is no procfs (not Linux) or the process is gone.
 */
export function procStatusKb(pid: number | 'self', field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Peak resident set size of this process, in bytes.
 *
 * On Linux this is `VmHWM`. `process.resourceUsage().maxRSS` (getrusage's ru_maxrss) survives
 * exec: a child spawned by a big parent reports at least the parent's RSS at the fork. The
 * bench's scaling children, spawned by a 267 MiB bench process, all reported 267 MiB "before
 * analysis" that way, where their own peak was 108 MiB. Elsewhere it falls back to `maxRSS`.
 */
export function peakRssBytes(): number {
  return (procStatusKb('self', 'VmHWM') ?? process.resourceUsage().maxRSS) * 1024;
}
