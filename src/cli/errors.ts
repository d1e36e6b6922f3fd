/** Exit codes the CLI promises (README "Exit codes"). */
export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;

/** Bad input from the user: printed as one sentence, exit 2, nothing written. */
export class UserError extends Error {
  readonly exitCode: number = EXIT.usage;
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

/** A step after the files were written failed (install, migrate, git): exit 1 with a retry hint. */
export class StepError extends Error {
  readonly exitCode: number = EXIT.failed;
  constructor(message: string, readonly retry?: string) {
    super(message);
    this.name = "StepError";
  }
}

/** The user pressed Ctrl-C or cancelled a prompt. */
export class CancelledError extends Error {
  readonly exitCode: number = EXIT.cancelled;
  constructor() {
    super("Cancelled; nothing was written.");
    this.name = "CancelledError";
  }
}

/** Secrets seen in this run (a database password) that no message may show, even outside a URL. */
const knownSecrets = new Set<string>();

/** Keep `value` out of every message from now on (short values would blank out ordinary words). */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 4) return;
  knownSecrets.add(value);
  try {
    const decoded = decodeURIComponent(value);
    if (decoded.length >= 4) knownSecrets.add(decoded);
  } catch {
    // Not percent-encoded: the raw value is enough.
  }
}

/** The password of a connection string, for registerSecret. */
export function urlPassword(url: string): string | undefined {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]*?:([^\s]*)@[^@\s]*$/i.exec(url)?.[1];
}

/**
 * `scheme://user:password@host` → `scheme://***@host` anywhere in a text, up to the last `@` of
 * the word, so a password holding `@`, `:` or `/` is hidden whole; then any registered secret.
 */
export function redact(text: string): string {
  let result = text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)\S*@/gi, "$1***@");
  for (const secret of knownSecrets) result = result.split(secret).join("***");
  return result;
}

const FS_CAUSES: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "the operation is not permitted",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device (the disk or its inodes are full)",
  EDQUOT: "the disk quota is exhausted",
  ENOTDIR: "a part of the path is a file, not a directory",
  EISDIR: "it is a directory, not a file",
  EEXIST: "something else already exists there",
  ENOENT: "a part of the path does not exist",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the path is too long",
  EMFILE: "too many open files",
  EBUSY: "it is busy",
  EIO: "an input/output error",
};

/** An error from node:fs (it carries an errno code and usually the path). */
export function isFsError(error: unknown): error is NodeJS.ErrnoException {
  const e = error as NodeJS.ErrnoException | null;
  return !!e && typeof e === "object" && typeof e.code === "string" && /^E[A-Z0-9]+$/.test(e.code) && typeof e.syscall === "string";
}

/** One sentence's worth: "cannot create /x/y: permission denied (EACCES)". */
export function describeFsError(error: NodeJS.ErrnoException, fallbackPath?: string, action?: string): string {
  const path = error.path ?? fallbackPath ?? "a file";
  const verb = action ?? { mkdir: "create the folder", open: "write", write: "write", rename: "write", unlink: "remove", rmdir: "remove", scandir: "read", read: "read", stat: "inspect", lstat: "inspect" }[error.syscall ?? ""] ?? "write";
  const cause = FS_CAUSES[error.code!] ?? error.message.replace(/^E[A-Z0-9]+: /, "").replace(/, \w+ '.*'$/, "");
  return `Cannot ${verb} ${path}: ${cause} (${error.code})`;
}
