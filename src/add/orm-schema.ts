// The ORM side of `add` in a project the tool did not make: which adapter its config uses, where its
// schema lives (any workspace package), the splices that add this run's columns and tables there,
// and how the project itself migrates (its own scripts first).
import path from "node:path";
import type { Plugin } from "../config/catalog.js";
import type { CustomField } from "../config/field-spec.js";
import { ensureDrizzleTables, findDrizzleSchemaFiles, type SearchFs } from "../edit/drizzle-schema.js";
import { ensurePrismaModels } from "../edit/prisma-schema.js";
import type { MinimalFs } from "../edit/find-project.js";
import { authTables, type AuthTable } from "../schema/auth-tables.js";

export type Adapter = "drizzle" | "prisma" | "mongodb" | "kysely";

/** The adapter a Better Auth config uses, from its `database:` option. */
export function detectAdapter(configSource: string): Adapter {
  if (/\bdrizzleAdapter\s*\(/.test(configSource)) return "drizzle";
  if (/\bprismaAdapter\s*\(/.test(configSource)) return "prisma";
  if (/\bmongodbAdapter\s*\(/.test(configSource)) return "mongodb";
  return "kysely";
}

/** Tables and columns in `after` that `before` lacks: what this run must add, and nothing else. */
export function newTables(before: AuthTable[], after: AuthTable[]): AuthTable[] {
  return after.flatMap((table) => {
    const old = before.find((t) => t.name === table.name);
    if (!old) return [table];
    const columns = table.columns.filter((c) => !old.columns.some((o) => o.name === c.name));
    return columns.length ? [{ ...table, columns }] : [];
  });
}

export interface OrmSchemaPlan {
  /** Schema files to splice, relative to the root, with the splice. */
  edits: [string, (disk: string) => { code: string; changed: boolean }][];
  notes: string[];
  describe: { adapter: Adapter; schemaFiles: string[] };
}

const SKIP = new Set(["node_modules", "dist", "build", "out", "coverage", ".git", ".next", ".turbo", ".svelte-kit", ".output", ".tmp", "generated"]);

/** `*.prisma` files holding the `User` model (a single schema.prisma or a multi-file schema folder). */
export function findPrismaSchemaFiles(root: string, fs: MinimalFs): string[] {
  const found: string[] = [];
  const visit = (dir: string, depth: number) => {
    if (depth > 8) return;
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name) && !entry.name.startsWith(".")) visit(full, depth + 1);
      } else if (entry.name.endsWith(".prisma")) {
        const text = fs.readFileSync(full, "utf8");
        if (/^\s*model\s+User\s*\{/m.test(text) || /@@map\(\s*"user"\s*\)/.test(text)) found.push(path.relative(root, full).split(path.sep).join("/"));
      }
    }
  };
  visit(root, 0);
  return found.sort();
}

export function planOrmSchema(
  root: string,
  fs: MinimalFs,
  adapter: Adapter,
  change: { knownFields: CustomField[]; existingPlugins: Plugin[]; allFields: CustomField[]; addedPlugins: Plugin[] },
  read: (file: string) => string | null,
): OrmSchemaPlan {
  const plan: OrmSchemaPlan = { edits: [], notes: [], describe: { adapter, schemaFiles: [] } };
  const before = authTables({ plugins: change.existingPlugins, fields: change.knownFields });
  const after = authTables({ plugins: [...change.existingPlugins, ...change.addedPlugins], fields: change.allFields });
  const wanted = newTables(before, after);
  if (adapter === "drizzle") {
    const files = findDrizzleSchemaFiles(root, fs as unknown as SearchFs).map((f) => path.relative(root, f).split(path.sep).join("/"));
    if (files.length === 0) {
      plan.notes.push("No Drizzle table definitions were found, so no schema file was changed; add the new columns to your user table by hand.");
      return plan;
    }
    plan.describe.schemaFiles = [files[0]];
    if (wanted.length) plan.edits.push([files[0], (disk) => ensureDrizzleTables(disk, files[0], wanted)]);
  } else if (adapter === "prisma") {
    const files = findPrismaSchemaFiles(root, fs);
    if (files.length === 0) {
      plan.notes.push("No Prisma schema with a User model was found, so no schema file was changed; add the new fields to your User model by hand.");
      return plan;
    }
    plan.describe.schemaFiles = [files[0]];
    // A multi-file schema keeps its datasource (and so the provider) in a sibling file.
    const dir = path.posix.dirname(files[0]);
    const siblings = fs.readdirSync(path.join(root, dir), { withFileTypes: true }).filter((e) => e.name.endsWith(".prisma")).map((e) => read(path.posix.join(dir, e.name)) ?? "");
    const provider = siblings.map((text) => /datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"([^"]+)"/.exec(text)?.[1]).find(Boolean);
    if (wanted.length) plan.edits.push([files[0], (disk) => ensurePrismaModels(disk, wanted, { provider, fileName: files[0] })]);
  }
  return plan;
}
