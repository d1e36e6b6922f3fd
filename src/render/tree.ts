import type { EnvVar } from "../features/types.js";

/**
 * How a file in the tree may meet what is already on disk. The feature that contributes a file
 * declares it; `applyPolicies` (src/pipeline/apply.ts) turns "what we would write" into "what we
 * will change" with it, so `create` and `add` share one rule book:
 *
 * - `owned`: the tool writes it; later it is regenerated only while the user has not edited it
 *   (its manifest hash still matches), otherwise it is a conflict.
 * - `merge-json`: package.json: only missing dependencies, overrides and scripts are added.
 * - `append-env`: env files: only missing variables are appended; values are never rewritten.
 * - `ast-edit`: the user's file (a `betterAuth({...})` config, a client, an ORM schema): minimal
 *   splices computed from what is on disk; `content` is the whole file to write when it is missing.
 * - `user`: written when missing, never touched afterwards.
 */
export type Policy =
  | { kind: "owned" }
  | { kind: "merge-json" }
  | { kind: "append-env"; vars: EnvVar[]; envKind: "env" | "example"; context: Record<string, string | number>; whenMissing?: string }
  | { kind: "ast-edit"; edit: (disk: string) => { code: string; changed: boolean }; whenMissing?: string }
  | { kind: "user" };

export interface TreeEntry {
  content: string;
  policy: Policy;
  /** File mode for files that hold secrets (e.g. 0o600 for `.env`). */
  mode?: number;
}

const OWNED: Policy = { kind: "owned" };

/**
 * An in-memory file tree (Angular schematics' Tree, reduced to what we need): everything a
 * command will write is staged here first, so conflicts are checked and dry runs printed before
 * a single byte reaches the disk.
 */
export class Tree {
  private readonly files = new Map<string, TreeEntry>();

  /** Paths are POSIX and relative to the project root. The policy defaults to `owned`. */
  write(path: string, content: string, options: { policy?: Policy; mode?: number } = {}): void {
    const key = normalize(path);
    const previous = this.files.get(key);
    this.files.set(key, { content, policy: options.policy ?? previous?.policy ?? OWNED, mode: options.mode ?? previous?.mode });
  }

  read(path: string): string | undefined {
    return this.files.get(normalize(path))?.content;
  }

  entry(path: string): TreeEntry | undefined {
    return this.files.get(normalize(path));
  }

  has(path: string): boolean {
    return this.files.has(normalize(path));
  }

  delete(path: string): void {
    this.files.delete(normalize(path));
  }

  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  entries(): [string, string][] {
    return this.paths().map((p) => [p, this.files.get(p)!.content]);
  }

  get size(): number {
    return this.files.size;
  }
}

function normalize(path: string): string {
  const clean = path.replace(/\\/g, "/").replace(/^\.\//, "");
  if (clean.startsWith("/") || clean.split("/").includes("..")) throw new Error(`Tree paths must stay inside the project: ${path}`);
  return clean;
}
