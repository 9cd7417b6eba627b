/** Known errors: each prints one clear message naming the file and the fix; the CLI exits 2. */
export class HkguardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class ConfigError extends HkguardError {
  constructor(readonly file: string, readonly line: number | undefined, detail: string) {
    super(`${file}${line ? `:${line}` : ''}: ${detail}`);
  }
}

export class UsageError extends HkguardError {}

export class InputError extends HkguardError {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
  }
}
