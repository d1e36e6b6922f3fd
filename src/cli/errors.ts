/** Exit codes the CLI promises (README "Exit codes"). */
export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;

/**
 * Stable error codes for `--json` and the MCP server (README "For scripts and coding agents"):
 * scripts branch on these, never on the wording of a message.
 */
export type ErrorCode =
  | "USAGE" // bad usage: unknown command or option, a missing answer without a terminal, no --yes
  | "INVALID_OPTION" // a value a flag or config key does not accept, or options that do not fit together
  | "INVALID_FIELD" // a field spec that cannot be parsed or is not allowed
  | "INVALID_CONFIG" // a config file that cannot be read or parsed
  | "CONFLICT" // a non-empty target, edited files that would be replaced, a field that exists differently
  | "NOT_A_PROJECT" // --cwd is not a project this tool can change
  | "UNSAFE_MIGRATION" // the migration would fail on existing rows
  | "FS_ERROR" // a file-system failure (permission, disk full, a link or a file in the way)
  | "STEP_FAILED" // install, generate, migrate or git failed after the files were written
  | "CANCELLED" // Ctrl-C or a declined confirmation
  | "INTERNAL"; // a bug

/** What an error says to a program besides its sentence. */
export interface ErrorDetails {
  code?: ErrorCode;
  /** The flag whose value is wrong, e.g. "--database". */
  flag?: string;
  /** The file or folder the error is about. */
  path?: string;
}

/** Bad input from the user: printed as one sentence, exit 2, nothing written. */
export class UserError extends Error {
  readonly exitCode: number = EXIT.usage;
  readonly code: ErrorCode;
  readonly flag?: string;
  readonly path?: string;
  constructor(message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = "UserError";
    this.code = details.code ?? "USAGE";
    this.flag = details.flag;
    this.path = details.path;
  }
}

/** A step after the files were written failed (install, migrate, git): exit 1 with a retry hint. */
export class StepError extends Error {
  readonly exitCode: number = EXIT.failed;
  readonly code: ErrorCode = "STEP_FAILED";
  constructor(message: string, readonly retry?: string) {
    super(message);
    this.name = "StepError";
  }
}

/** The user pressed Ctrl-C or cancelled a prompt. */
export class CancelledError extends Error {
  readonly exitCode: number = EXIT.cancelled;
  readonly code: ErrorCode = "CANCELLED";
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
