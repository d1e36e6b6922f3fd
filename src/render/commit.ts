import * as nodeFs from "node:fs";
import { dirname, join } from "node:path";
import type { Tree } from "./tree.js";

/** The slice of node:fs the commit needs, so tests can hand in a memfs volume. */
export type FileSystem = Pick<
  typeof nodeFs,
  "existsSync" | "readFileSync" | "writeFileSync" | "mkdirSync" | "renameSync" | "unlinkSync" | "rmdirSync" | "readdirSync"
>;

export interface CommitPlan {
  /** Files that do not exist yet. */
  create: string[];
  /** Files that exist with different content and will be replaced (only ones the caller allowed). */
  update: string[];
  /** Files that already have exactly this content. */
  unchanged: string[];
  /** Files that exist with different content and must not be replaced. */
  conflicts: string[];
}

/**
 * Compare the tree with the disk. `mayReplace` says which existing files the command is allowed to
 * change (e.g. files the tool owns and the user has not edited); every other difference is a conflict.
 */
export function planCommit(tree: Tree, root: string, fs: FileSystem = nodeFs, mayReplace: (path: string) => boolean = () => false): CommitPlan {
  const plan: CommitPlan = { create: [], update: [], unchanged: [], conflicts: [] };
  for (const [path, content] of tree.entries()) {
    const full = join(root, path);
    if (!fs.existsSync(full)) plan.create.push(path);
    else if (fs.readFileSync(full, "utf8") === content) plan.unchanged.push(path);
    else if (mayReplace(path)) plan.update.push(path);
    else plan.conflicts.push(path);
  }
  return plan;
}

/**
 * Write the planned files, all or nothing: each file goes to a temporary sibling and is renamed
 * into place (no half-written file is ever visible); if any step fails, files are restored to their
 * original bytes, created files and folders are removed, and the error is rethrown.
 */
export function commitTree(tree: Tree, root: string, plan: CommitPlan, fs: FileSystem = nodeFs): void {
  if (plan.conflicts.length) throw new Error(`refusing to commit with conflicts: ${plan.conflicts.join(", ")}`);
  const originals = new Map<string, Buffer>();
  const created: string[] = [];
  const createdDirs: string[] = [];
  try {
    for (const path of [...plan.create, ...plan.update]) {
      const full = join(root, path);
      for (const dir of missingDirs(dirname(full), fs)) {
        fs.mkdirSync(dir);
        createdDirs.push(dir);
      }
      if (fs.existsSync(full)) originals.set(full, fs.readFileSync(full) as Buffer);
      const temp = `${full}.cas-${process.pid}-${Date.now()}.tmp`;
      try {
        // Inside the try: a write that fails midway (disk full) can leave a partial temp file.
        fs.writeFileSync(temp, tree.read(path)!);
        fs.renameSync(temp, full);
      } catch (error) {
        safely(() => fs.unlinkSync(temp));
        throw error;
      }
      if (!originals.has(full)) created.push(full);
    }
  } catch (error) {
    for (const [full, bytes] of originals) safely(() => fs.writeFileSync(full, bytes));
    for (const full of created) safely(() => fs.unlinkSync(full));
    for (const dir of createdDirs.reverse()) safely(() => fs.rmdirSync(dir));
    throw error;
  }
}

/** Folders from the outermost missing one down to `dir`. */
function missingDirs(dir: string, fs: FileSystem): string[] {
  const missing: string[] = [];
  for (let d = dir; !fs.existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  return missing;
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    /* best effort while rolling back */
  }
}
