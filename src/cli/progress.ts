/**
 * A one-line progress display on stderr for scans that take longer than a second ("files parsed, flows
 * followed"). It draws nothing before the delay, so fast scans (a pre-commit hook) print no flicker, and it
 * uses no timer, so it never keeps the process alive: it redraws when the pipeline reports, at most every
 * `intervalMs`.
 */

export interface ProgressEvent {
  /** What is going on: "parsing files", "following flows", ... */
  phase: string;
  done: number;
  total: number;
}

export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  enabled: boolean;
  /** Nothing is drawn until the scan has run this long. */
  delayMs?: number;
  intervalMs?: number;
  now?: () => number;
}

export interface Progress {
  onProgress(event: ProgressEvent): void;
  /** Clears the line if one was drawn; call before printing the report. */
  done(): void;
}

const CLEAR_LINE = '\r\u001b[2K';

/**
 * Whether to show progress: only on an interactive stderr, never in CI logs, and never while a machine format
 * goes to stdout (a terminal that shows both would interleave them).
 */
export function shouldShowProgress(opts: {
  stderr: { isTTY?: boolean };
  env: Record<string, string | undefined>;
  format: string;
  /** True when the report goes to stdout rather than to --output FILE. */
  isReportOnStdout: boolean;
}): boolean {
  if (!opts.stderr.isTTY) return false;
  const ci = opts.env.CI;
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') return false;
  if (opts.isReportOnStdout && ['json', 'sarif', 'junit'].includes(opts.format)) return false;
  return true;
}

export function createProgress(stream: ProgressStream, options: ProgressOptions): Progress {
  const now = options.now ?? (() => Date.now());
  const delayMs = options.delayMs ?? 1000;
  const intervalMs = options.intervalMs ?? 100;
  const started = now();
  let lastDraw = -Infinity;
  let isDrawn = false;
  const phases = new Map<string, ProgressEvent>();

  const render = (): string => {
    const parts = [...phases.values()].map((e) =>
      e.total > 0 ? `${e.phase} ${Math.min(e.done, e.total)}/${e.total}` : `${e.phase} ${e.done}`);
    const seconds = ((now() - started) / 1000).toFixed(1);
    const text = `hkguard: ${parts.join(' · ')} (${seconds}s)`;
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    return text.length > width ? `${text.slice(0, width - 1)}…` : text;
  };

  return {
    onProgress(event) {
      if (!options.enabled) return;
      phases.set(event.phase, { ...event });
      const t = now();
      if (t - started < delayMs || t - lastDraw < intervalMs) return;
      lastDraw = t;
      isDrawn = true;
      stream.write(`${CLEAR_LINE}${render()}`);
    },
    done() {
      if (isDrawn) stream.write(CLEAR_LINE);
      isDrawn = false;
    },
  };
}
