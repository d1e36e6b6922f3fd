// A pairwise matrix of the CLI's own choices (read from the built CLI, so new frameworks, databases,
// ORMs, storages and plugins join it without an edit here), each case scaffolded, installed,
// migrated on a fresh PostgreSQL/MariaDB database, built, started and smoke-tested by
// scripts/matrix/run.mjs — the same runner as `npm run test:matrix`.
import { describe, expect, it } from "vitest";
import { describeResult, isAllowed, loadCatalog, reachableDatabases, runCases, runsFully } from "../../scripts/matrix/run.mjs";
import { DIMENSIONS, pairwise, spreadPlugins } from "../../scripts/matrix/select.mjs";

type Case = Record<string, string> & { plugins: string[] };
type Result = { case: Case; label: string; status: string; message: string; seconds: number; install?: string };

describe("pairwise matrix of frameworks, databases, ORMs, storages and plugins", () => {
  it("every case passes, or is reported as not runnable here with its reason; none fails", { timeout: 30 * 60_000 }, async () => {
    const catalog = await loadCatalog();
    const reachable = await reachableDatabases();
    for (const server of ["postgres", "mysql"]) if (catalog.databases.includes(server)) expect(reachable.has(server), `${server} server on this machine`).toBe(true);

    const allowed = (c: Case) => isAllowed(c, catalog.defaults);
    const { cases, uncovered } = await pairwise(catalog, allowed);
    const unplaced = await spreadPlugins(cases, catalog, allowed, (c: Case) => runsFully(c, reachable, catalog.defaults));
    console.log(`matrix: ${cases.length} cases; pairs the CLI never allows: ${uncovered.join(", ") || "none"}`);
    expect(unplaced, "every plugin is accepted on some case").toEqual([]);
    for (const d of DIMENSIONS) for (const value of catalog[d.list] ?? []) expect(cases.some((c: Case) => c[d.key] === value), `${d.key} ${value} is in a case`).toBe(true);

    const results: Result[] = await runCases(cases, {
      jobs: 2,
      defaults: catalog.defaults,
      onResult: (r: Result) => console.log(describeResult(r)),
    });

    expect(results.filter((r) => r.status === "failed").map((r) => `${r.label}: ${r.message}`)).toEqual([]);
    expect(results.filter((r) => r.status === "refused").map((r) => `${r.label}: ${r.message}`), "the dry run accepted these").toEqual([]);
    // Every value passed somewhere, unless every case that has it says why it cannot run here.
    const check = (what: string, has: (c: Case) => boolean) => {
      const mine = results.filter((r) => has(r.case));
      if (mine.some((r) => r.status === "passed")) return;
      for (const r of mine) expect(["not-runnable", "typechecked"], `${what}: ${r.label} ${r.status} ${r.message}`).toContain(r.status);
      expect(mine.every((r) => r.message.length > 0), `${what}: a reason is given`).toBe(true);
    };
    for (const d of DIMENSIONS) for (const value of catalog[d.list] ?? []) check(`${d.key} ${value}`, (c) => c[d.key] === value);
    for (const plugin of catalog.plugins) check(`plugin ${plugin}`, (c) => c.plugins.includes(plugin));
    // PostgreSQL and MariaDB really served some cases (not only type-checked).
    for (const server of ["postgres", "mysql"])
      if (catalog.databases.includes(server)) expect(results.some((r) => r.case.database === server && r.status === "passed"), `a ${server} case passed`).toBe(true);
  });
});
