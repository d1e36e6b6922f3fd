// The matrix runner's case selection (scripts/matrix/select.mjs), on a made-up catalog with rules
// like the real CLI's: every allowed pair of values is covered, refused combinations never chosen.
import { describe, expect, it } from "vitest";
import { caseFlags, caseLabel, fullMatrix, pairwise, spreadPlugins } from "../../scripts/matrix/select.mjs";

const catalog = {
  frameworks: ["hono", "express", "fastify"],
  databases: ["sqlite", "postgres", "mongodb"],
  orms: ["kysely", "drizzle", "none"],
  secondaryStorages: ["none", "redis"],
  plugins: ["jwt", "bearer", "admin", "two-factor", "passkey"],
  defaultPlugins: ["jwt", "bearer"],
  defaults: { framework: "hono", database: "sqlite", orm: "kysely", secondaryStorage: "none" },
};

type Case = { framework: string; database: string; orm: string; secondaryStorage: string; plugins: string[] };

/** Like the CLI: MongoDB only without an ORM, "none" only on MongoDB; passkey refused on fastify. */
async function isAllowed(c: Case): Promise<true | string> {
  if ((c.database === "mongodb") !== (c.orm === "none")) return `--orm ${c.orm} does not work with --database ${c.database}`;
  if (c.framework === "fastify" && c.plugins.includes("passkey")) return "passkey needs another framework";
  return true;
}

const pairs = (c: Case) => {
  const keys = ["framework", "database", "orm", "secondaryStorage"] as const;
  const out: string[] = [];
  for (let i = 0; i < keys.length; i++) for (let j = i + 1; j < keys.length; j++) out.push(`${keys[i]}=${c[keys[i]]} ${keys[j]}=${c[keys[j]]}`);
  return out;
};

describe("matrix case selection", () => {
  it("the full list is every combination with the default plugins, then each other plugin once", () => {
    const cases = fullMatrix(catalog);
    expect(cases).toHaveLength(3 * 3 * 3 * 2 + 3);
    expect(cases[0]).toEqual({ framework: "hono", database: "sqlite", orm: "kysely", secondaryStorage: "none", plugins: ["jwt", "bearer"] });
    expect(cases.at(-1)).toEqual({ ...catalog.defaults, plugins: ["jwt", "bearer", "passkey"] });
  });

  it("pairwise covers every pair some allowed combination holds, with allowed combinations only, and far fewer cases", async () => {
    const { cases, refused, uncovered } = await pairwise(catalog, isAllowed);
    const all = fullMatrix(catalog).slice(0, 54) as Case[];
    const allowedPairs = new Set((await Promise.all(all.map(async (c) => ((await isAllowed(c)) === true ? pairs(c) : [])))).flat());
    const covered = new Set((cases as Case[]).flatMap(pairs));
    for (const p of allowedPairs) expect(covered, p).toContain(p);
    for (const c of cases) expect(await isAllowed(c)).toBe(true);
    expect(cases.length).toBeLessThan(15);
    expect(uncovered.sort()).toEqual(["database=mongodb orm=drizzle", "database=mongodb orm=kysely", "database=postgres orm=none", "database=sqlite orm=none"]);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].message).toMatch(/does not work with/);
  });

  it("spreads every extra plugin over the cases, around the ones that refuse it", async () => {
    const cases: Case[] = [
      { framework: "fastify", database: "sqlite", orm: "kysely", secondaryStorage: "none", plugins: ["jwt", "bearer"] },
      { framework: "hono", database: "postgres", orm: "drizzle", secondaryStorage: "redis", plugins: ["jwt", "bearer"] },
      { framework: "express", database: "mongodb", orm: "none", secondaryStorage: "none", plugins: ["jwt", "bearer"] },
    ];
    const unplaced = await spreadPlugins(cases, catalog, isAllowed, (c: Case) => c.database !== "mongodb");
    expect(unplaced).toEqual([]);
    expect(cases[2].plugins, "not on the case that cannot run fully").toEqual(["jwt", "bearer"]);
    const placed = cases.flatMap((c) => c.plugins.slice(2));
    expect(placed.sort()).toEqual(["admin", "passkey", "two-factor"]);
    expect(cases[0].plugins).not.toContain("passkey");
  });

  it("reports a plugin no case accepts", async () => {
    const cases: Case[] = [{ framework: "fastify", database: "sqlite", orm: "kysely", secondaryStorage: "none", plugins: ["jwt"] }];
    const unplaced = await spreadPlugins(cases, catalog, isAllowed);
    expect(unplaced).toEqual([{ plugin: "passkey", message: "passkey needs another framework" }]);
  });

  it("turns a case into the CLI's flags and a short label", () => {
    const c = { framework: "express", database: "mysql", orm: "kysely", plugins: ["jwt", "admin"] };
    expect(caseFlags(c)).toEqual(["--framework", "express", "--database", "mysql", "--orm", "kysely", "--plugins", "jwt,admin"]);
    expect(caseFlags({ plugins: [] })).toEqual(["--plugins", "none"]);
    expect(caseLabel(c)).toBe("express/mysql/kysely/· +jwt,admin");
  });
});
