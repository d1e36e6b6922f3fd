#!/usr/bin/env node
// The matrix runner: scaffold, install, migrate, start and smoke-test any combination of the CLI's
// choices, read from the built CLI itself (`create-auth-service catalog --json`), so a framework,
// database, ORM, storage or plugin added to src/config/catalog.ts is covered without an edit here.
//
//   npm run test:matrix -- --framework express --database mysql --orm kysely --plugins jwt,bearer,admin
//   npm run test:matrix -- --framework hono,fastify --database postgres,mysql   (every combination of the lists)
//   npm run test:matrix -- --pairwise          the pairwise selection test/e2e/matrix.test.ts runs
//   npm run test:matrix -- --all               the full list (long)
//   npm run test:matrix -- --list              print the full list, run nothing
//   also passed through to the CLI: --backend, --api-client
//   options: --jobs N (cases at a time, default 1), --plan (print the selected cases, run nothing), --keep (keep the projects)
//
// Exit code: 0 when no case failed (refused and not-runnable cases are reported, not failures), 1 otherwise.
import { parseArgs } from "node:util";
import { describeResult, isAllowed, loadCatalog, reachableDatabases, runCases, runsFully } from "./matrix/run.mjs";
import { caseFlags, caseLabel, DIMENSIONS, fullMatrix, pairwise, product, spreadPlugins } from "./matrix/select.mjs";

const { values: args } = parseArgsOrExit({
  options: {
    ...Object.fromEntries(DIMENSIONS.map((d) => [d.flag.slice(2), { type: "string" }])),
    plugins: { type: "string" },
    backend: { type: "string" },
    "api-client": { type: "string" },
    all: { type: "boolean" },
    pairwise: { type: "boolean" },
    list: { type: "boolean" },
    plan: { type: "boolean" },
    keep: { type: "boolean" },
    jobs: { type: "string", default: "1" },
    help: { type: "boolean", short: "h" },
  },
});

/** Bad usage: one line and exit 2, like the CLI itself. */
function parseArgsOrExit(config) {
  try {
    return parseArgs(config);
  } catch (error) {
    console.error(`error: ${error.message} (see --help)`);
    process.exit(2);
  }
}

if (args.help) {
  console.log("Usage: npm run test:matrix -- [--framework a,b] [--database a,b] [--orm a,b] [--secondary-storage a,b] [--plugins p,q] [--backend x] [--api-client y]\n" +
    "                            | --pairwise | --all | --list   [--jobs N] [--plan] [--keep]");
  process.exit(0);
}

const catalog = await loadCatalog();

/** The cases the command line asks for: the product of the given lists (dimensions not given keep the CLI's defaults). */
function requestedCases() {
  const given = DIMENSIONS.filter((d) => args[d.flag.slice(2)] !== undefined).map((d) => {
    const values = args[d.flag.slice(2)].split(",").map((v) => v.trim()).filter(Boolean);
    return { ...d, values };
  });
  const plugins = args.plugins === undefined ? [...catalog.defaultPlugins] : args.plugins === "none" ? [] : args.plugins.split(",").map((p) => p.trim()).filter(Boolean);
  const extraFlags = ["backend", "api-client"].flatMap((name) => (args[name] === undefined ? [] : [`--${name}`, args[name]]));
  return product(given).map((c) => ({ ...c, plugins, ...(extraFlags.length ? { extraFlags } : {}) }));
}

if (args.list) {
  const cases = fullMatrix(catalog);
  for (const c of cases) console.log(caseFlags(c).join(" "));
  console.log(`${cases.length} cases`);
  process.exit(0);
}

let cases;
if (args.pairwise) {
  const reachable = await reachableDatabases();
  const selection = await pairwise(catalog, (c) => isAllowed(c, catalog.defaults));
  const unplaced = await spreadPlugins(selection.cases, catalog, (c) => isAllowed(c, catalog.defaults), (c) => runsFully(c, reachable, catalog.defaults));
  for (const pair of selection.uncovered) console.log(`pair no allowed combination holds: ${pair}`);
  for (const { plugin, message } of unplaced) console.log(`plugin no case accepts: ${plugin} (${message})`);
  cases = selection.cases;
} else if (args.all) {
  cases = fullMatrix(catalog);
} else {
  cases = requestedCases();
}

if (args.plan) {
  for (const c of cases) console.log(caseFlags(c).join(" "));
  console.log(`${cases.length} cases`);
  process.exit(0);
}

console.log(`Running ${cases.length} case(s), ${args.jobs} at a time.`);
const results = await runCases(cases, {
  jobs: Number(args.jobs),
  keep: args.keep,
  defaults: catalog.defaults,
  onResult: (r) => {
    console.log(describeResult(r));
    if (r.status === "failed") console.log(`${r.message.split("\n").slice(1).join("\n")}\n${args.keep ? `  project kept in ${r.dir}\n` : ""}`);
  },
});

const count = (status) => results.filter((r) => r.status === status).length;
console.log(`\nmatrix: ${count("passed")} passed, ${count("failed")} failed, ${count("refused")} refused, ${count("not-runnable")} not runnable here, ${count("typechecked")} typechecked only`);
process.exit(count("failed") ? 1 : 0);
