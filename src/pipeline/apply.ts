// The one rule book for create and add: each file of the desired tree meets what is on disk
// under the policy its feature declared (src/render/tree.ts), and only real changes come out.
import { appendEnv, envKeys, mergePackageJson } from "../add/files.js";
import { sha256 } from "../manifest.js";
import { Tree } from "../render/tree.js";

export interface Applied {
  /** Only the files that change, with their new content (and policy and mode). */
  changes: Tree;
  /** The bytes on disk now for each path of `changes` (null: the file is new). */
  before: Map<string, string | null>;
  /** Owned files the user edited that the change would replace (only without --force). */
  conflicts: string[];
  /** Conflicts that --force replaces. */
  forced: string[];
  notes: string[];
  /** package.json gained dependencies: an install is due. */
  dependenciesAdded: boolean;
  /** sha256 of each file that now holds exactly what the tool wrote (for the manifest); spliced user files are left out. */
  hashes: Record<string, string>;
}

export interface ApplyOptions {
  /** sha256 of each owned file as the tool last wrote it (the manifest's `files`). */
  recorded: Record<string, string>;
  force?: boolean;
  /** A secret source for appended env keys (tests make them reproducible). */
  secret?: () => string;
}

export function applyPolicies(desired: Tree, read: (path: string) => string | null, opts: ApplyOptions): Applied {
  const result: Applied = { changes: new Tree(), before: new Map(), conflicts: [], forced: [], notes: [], dependenciesAdded: false, hashes: {} };
  const stage = (path: string, content: string, disk: string | null, spliced = false) => {
    if (!spliced) result.hashes[path] = sha256(content);
    if (disk === content) return;
    const entry = desired.entry(path)!;
    result.changes.write(path, content, { policy: entry.policy, mode: entry.mode });
    result.before.set(path, disk);
  };

  for (const path of desired.paths()) {
    const { content, policy } = desired.entry(path)!;
    const disk = read(path);
    const recorded = opts.recorded[path];
    switch (policy.kind) {
      case "user":
        if (disk === null) stage(path, content, disk);
        break;
      case "merge-json": {
        if (disk === null) {
          stage(path, content, disk);
          break;
        }
        const merged = mergePackageJson(disk, content, path);
        if (merged) {
          stage(path, merged.text, disk);
          result.dependenciesAdded ||= merged.added.some((a) => !a.startsWith("script "));
        }
        break;
      }
      case "append-env": {
        if (disk === null) {
          if (policy.whenMissing) result.notes.push(policy.whenMissing);
          else stage(path, content, disk);
          break;
        }
        const present = envKeys(disk);
        if (policy.vars.every((v) => present.has(v.key))) break;
        stage(path, appendEnv(disk, policy.vars, policy.envKind, policy.context, opts.secret).text, disk);
        break;
      }
      case "ast-edit": {
        if (disk === null) {
          if (policy.whenMissing) result.notes.push(policy.whenMissing);
          else stage(path, content, disk);
          break;
        }
        // Untouched since the tool wrote it: take the new render whole; otherwise splice into the user's version.
        if (content && recorded !== undefined && sha256(disk) === recorded) stage(path, content, disk);
        else {
          const edited = policy.edit(disk);
          if (edited.changed) stage(path, edited.code, disk, true);
        }
        break;
      }
      case "owned": {
        if (disk === null) {
          if (recorded === undefined || recorded === sha256(content)) stage(path, content, disk);
          else result.notes.push(`${path} was deleted, so it is not updated; restore it from git if you want the new version.`);
          break;
        }
        if (disk === content) result.hashes[path] = sha256(content);
        if (disk === content || recorded === sha256(content)) break; // same bytes, or the tool has nothing new for it
        if (recorded !== undefined && sha256(disk) === recorded) stage(path, content, disk);
        else if (opts.force) {
          stage(path, content, disk);
          result.forced.push(path);
        } else result.conflicts.push(path);
        break;
      }
    }
  }
  return result;
}
