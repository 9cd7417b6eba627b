/**
 * The files a pre-commit hook or a pull-request gate should report on (`--staged`, `--changed-since`), and
 * who is accepting a baseline entry. Runs the git binary (never a shell); every path comes back absolute.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { HkguardError } from '../errors/index.js';

export type GitErrorKind = 'git-missing' | 'not-a-repo' | 'bad-ref' | 'no-merge-base' | 'failed';

/** A known git problem, with one message that says what to do. */
export class GitError extends HkguardError {
  constructor(readonly kind: GitErrorKind, message: string, readonly cwd: string) {
    super(message);
  }
}

interface GitOutput {
  stdout: string;
  stderr: string;
  code: number;
}

function git(cwd: string, args: string[]): Promise<GitOutput> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } },
      (error, stdout, stderr) => {
        const errCode = (error as NodeJS.ErrnoException | null)?.code as unknown;
        if (errCode === 'ENOENT') {
          reject(new GitError('git-missing', 'git was not found on PATH; --staged and --changed-since need git.', cwd));
          return;
        }
        const code = typeof errCode === 'number' ? errCode : error ? 1 : 0;
        resolve({ stdout, stderr, code });
      });
  });
}

async function gitOk(cwd: string, args: string[]): Promise<string> {
  const out = await git(cwd, args);
  if (out.code !== 0) throw new GitError('failed', `git ${args.join(' ')} failed: ${out.stderr.trim() || `exit ${out.code}`}`, cwd);
  return out.stdout;
}

/** The repository's top folder; GitError 'not-a-repo' outside one. */
export async function gitRoot(cwd: string): Promise<string> {
  const out = await git(cwd, ['rev-parse', '--show-toplevel']);
  if (out.code !== 0) {
    throw new GitError('not-a-repo', `${cwd} is not inside a git repository; --staged and --changed-since need one (or scan without them).`, cwd);
  }
  return out.stdout.trim();
}

function splitZ(text: string): string[] {
  return text.split('\0').filter((s) => s.length > 0);
}

export interface ChangedFilesOptions {
  cwd: string;
  /** Files staged for commit (added, copied, modified, renamed): what a pre-commit hook checks. */
  staged?: boolean;
  /**
   * Files changed on this branch since it left `since` (`git diff <since>...HEAD`), plus uncommitted and
   * untracked files. Ignored when `staged` is set.
   */
  since?: string;
}

/**
 * Absolute paths of changed files that still exist (deletions are left out: nothing to report in them),
 * sorted and without duplicates. With neither option: every uncommitted change, untracked files included.
 */
export async function changedFiles(options: ChangedFilesOptions): Promise<string[]> {
  const root = await gitRoot(options.cwd);
  const diff = ['diff', '--name-only', '-z', '--no-renames', '--diff-filter=ACMR'];
  const rel = new Set<string>();
  const add = (text: string) => { for (const p of splitZ(text)) rel.add(p); };

  if (options.staged) {
    add(await gitOk(root, [...diff, '--cached']));
  } else {
    if (options.since !== undefined) {
      const ref = options.since;
      // A ref that starts with "-" would be read as an option.
      const verify = ref.startsWith('-') ? { code: 1, stdout: '', stderr: '' } : await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
      if (verify.code !== 0) {
        throw new GitError('bad-ref', `--changed-since ${ref}: no such commit, branch or tag in ${root}. In CI, fetch it first (actions/checkout with fetch-depth: 0, or git fetch origin ${ref}).`, options.cwd);
      }
      const out = await git(root, [...diff, `${ref}...HEAD`, '--']);
      if (out.code !== 0) {
        const isNoBase = /no merge base/i.test(out.stderr);
        throw new GitError(isNoBase ? 'no-merge-base' : 'failed', isNoBase
          ? `--changed-since ${ref}: ${ref} and HEAD share no history here; a shallow clone needs more of it (fetch-depth: 0).`
          : `git diff ${ref}...HEAD failed: ${out.stderr.trim()}`, options.cwd);
      }
      add(out.stdout);
    }
    const hasHead = (await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD'])).code === 0;
    add(await gitOk(root, hasHead ? [...diff, 'HEAD', '--'] : [...diff, '--cached']));
    if (!hasHead) add(await gitOk(root, [...diff]));
    add(await gitOk(root, ['ls-files', '-z', '--others', '--exclude-standard']));
  }
  return [...rel].map((p) => path.join(root, p)).sort();
}

/** "Name <email>" from git config (either part alone when only one is set); undefined outside git or when unset. */
export async function gitAuthor(cwd: string): Promise<string | undefined> {
  let name = '';
  let email = '';
  try {
    name = (await git(cwd, ['config', 'user.name'])).stdout.trim();
    email = (await git(cwd, ['config', 'user.email'])).stdout.trim();
  } catch {
    return undefined;
  }
  if (name && email) return `${name} <${email}>`;
  return name || email || undefined;
}

/**
 * The staged (index) version of each file, keyed by absolute path: what the commit will contain, which a
 * pre-commit hook must check even when the working tree has further, unstaged edits.
 */
export async function stagedContents(cwd: string, files: string[]): Promise<Map<string, string>> {
  const root = await gitRoot(cwd);
  const out = new Map<string, string>();
  for (const abs of files) {
    const rel = path.relative(root, abs).split(path.sep).join('/');
    const r = await git(root, ['show', `:${rel}`]);
    if (r.code === 0) out.set(abs, r.stdout);
  }
  return out;
}
