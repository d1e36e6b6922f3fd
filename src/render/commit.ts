import * as nodeFs from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describeFsError, isFsError, UserError } from "../cli/errors.js";
import type { Tree } from "./tree.js";

/** The slice of node:fs the commit needs, so tests can hand in a memfs volume. */
export type FileSystem = Pick<
  typeof nodeFs,
  "existsSync" | "readFileSync" | "writeFileSync" | "mkdirSync" | "renameSync" | "unlinkSync" | "rmdirSync" | "readdirSync" | "lstatSync" | "readlinkSync"
>;

/** A file-system error as the one sentence a user sees (exit 2), or the error itself when it is not one. */
function asUserError(error: unknown, path?: string, after = ""): unknown {
  return isFsError(error) ? new UserError(`${describeFsError(error, path)}${after}.`, { code: "FS_ERROR", path: error.path ?? path }) : error;
}

/**
 * The names in the target folder (empty when it does not exist yet), or one sentence why it cannot
 * be the target: a symbolic link (even to a folder: the files would land somewhere not named), a
 * file or device, or a folder that cannot be read.
 */
export function inspectTarget(root: string, fs: FileSystem = nodeFs): string[] {
  let stat: nodeFs.Stats;
  try {
    stat = fs.lstatSync(root) as nodeFs.Stats;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw asUserError(error, root, "; pick another directory");
  }
  if (stat.isSymbolicLink()) {
    const to = String(fs.readlinkSync(root));
    const target = resolve(dirname(root), to);
    const dangling = !fs.existsSync(target);
    throw new UserError(
      `${root} is a symbolic link to ${target}${dangling ? ", which does not exist" : ""}; this tool does not write through links: pass ${dangling ? "another directory" : `the real directory (${target})`} instead.`,
      { code: "FS_ERROR", path: root },
    );
  }
  if (!stat.isDirectory())
    throw new UserError(`${root} is not a directory (it is ${stat.isFile() ? "a file" : "a device, pipe or socket"}); pick another directory.`, { code: "FS_ERROR", path: root });
  try {
    return fs.readdirSync(root).map(String);
  } catch (error) {
    throw asUserError(error, root, "; pick another directory");
  }
}

/** Refuse a path under `root` that goes through a symbolic link: the write would land outside what was named. */
function checkNoLinks(root: string, path: string, fs: FileSystem, seen: Map<string, boolean>): void {
  let current = root;
  for (const part of path.split("/")) {
    current = join(current, part);
    let linked = seen.get(current);
    if (linked === undefined) {
      try {
        linked = (fs.lstatSync(current) as nodeFs.Stats).isSymbolicLink();
      } catch {
        linked = false; // missing: nothing deeper exists either
        seen.set(current, linked);
        return;
      }
      seen.set(current, linked);
    }
    if (linked) throw new UserError(`${current} is a symbolic link; this tool does not write through links. Replace it with a real ${current === join(root, path) ? "file" : "folder"} or pick another directory; nothing was written.`, { code: "FS_ERROR", path: current });
  }
}

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
  // A target that does not exist yet holds none of the files (nor links): one check, not one per file.
  if (!fs.existsSync(root)) return { ...plan, create: tree.paths() };
  const links = new Map<string, boolean>();
  for (const [path, content] of tree.entries()) {
    const full = join(root, path);
    checkNoLinks(root, path, fs, links);
    let disk: string | undefined;
    try {
      disk = fs.existsSync(full) ? (fs.readFileSync(full, "utf8") as string) : undefined;
    } catch (error) {
      throw asUserError(error, full, "; nothing was written");
    }
    if (disk === undefined) plan.create.push(path);
    else if (disk === content) plan.unchanged.push(path);
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
  const present = new Set<string>(); // folders known to exist: each is checked once, not per file
  // A target folder made by this very commit has no reader (an editor, a watcher) that could see a
  // file half-written: its files are created in place, exclusively (a file that appeared meanwhile
  // is never overwritten), which halves the file-system operations of a scaffold.
  const fresh = !fs.existsSync(root);
  let current = root;
  try {
    for (const path of [...plan.create, ...plan.update]) {
      const full = join(root, path);
      current = full;
      for (const dir of missingDirs(dirname(full), fs, present)) {
        fs.mkdirSync(dir);
        createdDirs.push(dir);
      }
      present.add(dirname(full));
      const mode = tree.entry(path)?.mode;
      if (fresh) {
        try {
          fs.writeFileSync(full, tree.read(path)!, { flag: "wx", ...(mode === undefined ? {} : { mode }) });
        } catch (error) {
          // A partial file from a failed write is ours to remove; one that already existed is not.
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") safely(() => fs.unlinkSync(full));
          throw error;
        }
        created.push(full);
        continue;
      }
      if (fs.existsSync(full)) originals.set(full, fs.readFileSync(full) as Buffer);
      const temp = `${full}.cas-${process.pid}-${Date.now()}.tmp`;
      try {
        // Inside the try: a write that fails midway (disk full) can leave a partial temp file.
        // The tree's mode (0o600 for files holding secrets) is set when the temp file is created.
        fs.writeFileSync(temp, tree.read(path)!, mode === undefined ? undefined : { mode });
        fs.renameSync(temp, full);
      } catch (error) {
        safely(() => fs.unlinkSync(temp));
        throw error;
      }
      if (!originals.has(full)) created.push(full);
    }
  } catch (error) {
    const left: string[] = [];
    for (const [full, bytes] of originals) if (!safely(() => fs.writeFileSync(full, bytes))) left.push(full);
    for (const full of created) if (!safely(() => fs.unlinkSync(full))) left.push(full);
    for (const dir of createdDirs.reverse()) if (!safely(() => fs.rmdirSync(dir))) left.push(dir);
    // The temp file's name means nothing to the user: name the file being written instead.
    const path = isFsError(error) && error.path?.includes(".cas-") ? current : undefined;
    if (isFsError(error) && path) error.path = path;
    throw asUserError(
      error,
      current,
      left.length ? `; some changes could not be undone, check ${left.slice(0, 3).join(", ")}${left.length > 3 ? ", …" : ""}` : "; nothing was written",
    );
  }
}

/** Folders from the outermost missing one down to `dir`. */
function missingDirs(dir: string, fs: FileSystem, present: Set<string>): string[] {
  const missing: string[] = [];
  for (let d = dir; !present.has(d) && !fs.existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  return missing;
}

/** Best effort while rolling back: false when the step failed too. */
function safely(fn: () => void): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}
