import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { GitError, changedFiles, gitAuthor, gitRoot } from '../../src/workspace/git.js';

let repo: string;

function g(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}
function write(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
  fs.writeFileSync(path.join(repo, rel), text);
}
const abs = (...rels: string[]) => rels.map((r) => path.join(fs.realpathSync(repo), r)).sort();

beforeEach(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'hkg-git-'));
  g('init', '-q', '-b', 'main');
  g('config', 'user.name', 'Ada Lovelace');
  g('config', 'user.email', 'ada@example.app');
  g('config', 'commit.gpgsign', 'false');
  write('src/a.ts', 'export const a = 1;\n');
  write('src/b.ts', 'export const b = 1;\n');
  write('src/c.ts', 'export const c = 1;\n');
  write('.gitignore', 'build/\n');
  g('add', '-A');
  g('commit', '-q', '-m', 'init');
});

describe('changedFiles', () => {
  it('--staged: added, modified and renamed staged files, not unstaged, deleted or untracked ones', async () => {
    write('src/a.ts', 'export const a = 2;\n');
    write('src/new file.ts', 'export const n = 1;\n');
    g('add', 'src/a.ts', 'src/new file.ts');
    g('mv', 'src/b.ts', 'src/b2.ts');
    g('rm', '-q', 'src/c.ts');
    write('src/unstaged.ts', 'x');
    write('src/a.ts', 'export const a = 3;\n'); // further unstaged edit of a staged file
    const files = await changedFiles({ cwd: repo, staged: true });
    expect(files).toEqual(abs('src/a.ts', 'src/b2.ts', 'src/new file.ts'));
  });

  it('works from a subfolder and returns absolute paths from the repository root', async () => {
    write('src/a.ts', 'changed');
    g('add', 'src/a.ts');
    expect(await changedFiles({ cwd: path.join(repo, 'src'), staged: true })).toEqual(abs('src/a.ts'));
  });

  it('--changed-since: commits on the branch since it left the ref, plus uncommitted and untracked files', async () => {
    g('checkout', '-q', '-b', 'feature');
    write('src/a.ts', 'feature change');
    g('commit', '-q', '-am', 'feature');
    g('checkout', '-q', 'main');
    write('src/c.ts', 'main moved on');
    g('commit', '-q', '-am', 'main change');
    g('checkout', '-q', 'feature');
    write('src/b.ts', 'uncommitted');
    write('build/out.js', 'ignored');
    write('src/untracked.ts', 'new');
    // src/c.ts changed on main after the branch point: not this branch's change.
    expect(await changedFiles({ cwd: repo, since: 'main' })).toEqual(abs('src/a.ts', 'src/b.ts', 'src/untracked.ts'));
  });

  it('with no option: uncommitted and untracked changes', async () => {
    write('src/a.ts', 'x');
    write('src/z.ts', 'y');
    expect(await changedFiles({ cwd: repo })).toEqual(abs('src/a.ts', 'src/z.ts'));
  });

  it('handles a repository without commits', async () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'hkg-git-'));
    execFileSync('git', ['init', '-q'], { cwd: fresh });
    fs.writeFileSync(path.join(fresh, 'a.ts'), 'a');
    execFileSync('git', ['add', 'a.ts'], { cwd: fresh });
    expect(await changedFiles({ cwd: fresh, staged: true })).toEqual([path.join(fs.realpathSync(fresh), 'a.ts')]);
    await expect(changedFiles({ cwd: fresh, since: 'main' })).rejects.toMatchObject({ kind: 'bad-ref' });
  });

  it('throws GitError not-a-repo outside a repository', async () => {
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'hkg-nogit-'));
    const err = await changedFiles({ cwd: plain, staged: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect(err).toMatchObject({ kind: 'not-a-repo' });
    expect((err as Error).message).toContain(plain);
    await expect(gitRoot(plain)).rejects.toBeInstanceOf(GitError);
  });

  it('throws GitError bad-ref for an unknown ref, and refuses refs that look like options', async () => {
    await expect(changedFiles({ cwd: repo, since: 'origin/does-not-exist' })).rejects.toMatchObject({ kind: 'bad-ref' });
    await expect(changedFiles({ cwd: repo, since: '--output=/tmp/x' })).rejects.toMatchObject({ kind: 'bad-ref' });
  });
});

describe('gitAuthor', () => {
  it('reads name and email from git config', async () => {
    expect(await gitAuthor(repo)).toBe('Ada Lovelace <ada@example.app>');
  });
});
