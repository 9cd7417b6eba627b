import { describe, expect, it } from 'vitest';
import { createProgress, shouldShowProgress } from '../../src/cli/progress.js';

function fakeStream() {
  const chunks: string[] = [];
  return { chunks, isTTY: true, columns: 60, write: (c: string) => { chunks.push(c); return true; } };
}

describe('createProgress', () => {
  it('draws nothing for scans shorter than the delay', () => {
    let t = 0;
    const s = fakeStream();
    const p = createProgress(s, { enabled: true, now: () => t });
    for (let i = 1; i <= 10; i++) { t = i * 90; p.onProgress({ phase: 'parsing files', done: i, total: 10 }); }
    p.done();
    expect(s.chunks).toEqual([]);
  });

  it('after the delay, draws one throttled line per phase and clears it at the end', () => {
    let t = 0;
    const s = fakeStream();
    const p = createProgress(s, { enabled: true, now: () => t, intervalMs: 100 });
    t = 1200; p.onProgress({ phase: 'parsing files', done: 40, total: 100 });
    t = 1250; p.onProgress({ phase: 'parsing files', done: 50, total: 100 });
    t = 1400; p.onProgress({ phase: 'following flows', done: 3, total: 0 });
    p.done();
    expect(s.chunks).toEqual([
      '\r\u001b[2Khkguard: parsing files 40/100 (1.2s)',
      '\r\u001b[2Khkguard: parsing files 50/100 · following flows 3 (1.4s)',
      '\r\u001b[2K',
    ]);
  });

  it('fits the terminal width', () => {
    let t = 0;
    const s = { ...fakeStream(), columns: 30 };
    const p = createProgress(s, { enabled: true, now: () => t });
    t = 2000; p.onProgress({ phase: 'parsing a very long phase name here', done: 1, total: 2 });
    expect(s.chunks[0]!.replace('\r\u001b[2K', '').length).toBe(29);
  });

  it('does nothing when disabled', () => {
    let t = 0;
    const s = fakeStream();
    const p = createProgress(s, { enabled: false, now: () => t });
    t = 5000; p.onProgress({ phase: 'x', done: 1, total: 1 });
    p.done();
    expect(s.chunks).toEqual([]);
  });
});

describe('shouldShowProgress', () => {
  const tty = { isTTY: true };
  it('shows on an interactive terminal with a human format', () => {
    expect(shouldShowProgress({ stderr: tty, env: {}, format: 'stylish', isReportOnStdout: true })).toBe(true);
  });
  it('never when stderr is not a TTY, in CI, or with a machine format on stdout', () => {
    expect(shouldShowProgress({ stderr: { isTTY: false }, env: {}, format: 'stylish', isReportOnStdout: true })).toBe(false);
    expect(shouldShowProgress({ stderr: tty, env: { CI: 'true' }, format: 'stylish', isReportOnStdout: true })).toBe(false);
    expect(shouldShowProgress({ stderr: tty, env: { CI: '1' }, format: 'stylish', isReportOnStdout: true })).toBe(false);
    for (const format of ['json', 'sarif', 'junit']) {
      expect(shouldShowProgress({ stderr: tty, env: {}, format, isReportOnStdout: true })).toBe(false);
    }
  });
  it('shows with a machine format written to a file, and with CI=false', () => {
    expect(shouldShowProgress({ stderr: tty, env: {}, format: 'sarif', isReportOnStdout: false })).toBe(true);
    expect(shouldShowProgress({ stderr: tty, env: { CI: 'false' }, format: 'stylish', isReportOnStdout: true })).toBe(true);
  });
});
