// Which combinations the matrix runs: the full list, or a greedy pairwise selection. Pure functions
// of the CLI's catalog; whether a combination is allowed is asked of a callback (the real CLI's
// --dry-run), so the selection is unit-tested without running anything.

/** The dimensions a case is made of: config key, catalog list, CLI flag. */
export const DIMENSIONS = [
  { key: "framework", list: "frameworks", flag: "--framework" },
  { key: "database", list: "databases", flag: "--database" },
  { key: "orm", list: "orms", flag: "--orm" },
  { key: "secondaryStorage", list: "secondaryStorages", flag: "--secondary-storage" },
];

/** The dimensions this catalog has (an older CLI may lack one), with their values. */
export function dimensions(catalog) {
  return DIMENSIONS.filter((d) => catalog[d.list]?.length).map((d) => ({ ...d, values: catalog[d.list] }));
}

/** Every combination of the given values, first dimension slowest. */
export function product(dims) {
  return dims.reduce((combos, d) => combos.flatMap((c) => d.values.map((v) => ({ ...c, [d.key]: v }))), [{}]);
}

const extraPlugins = (catalog) => catalog.plugins.filter((p) => !catalog.defaultPlugins.includes(p));

/**
 * The full list: every combination of the dimensions with the default plugins, then each other
 * plugin once, added to the defaults on the default combination.
 */
export function fullMatrix(catalog) {
  const dims = dimensions(catalog);
  const combos = product(dims).map((c) => ({ ...c, plugins: [...catalog.defaultPlugins] }));
  const base = Object.fromEntries(dims.map((d) => [d.key, catalog.defaults?.[d.key] ?? d.values[0]]));
  return [...combos, ...extraPlugins(catalog).map((p) => ({ ...base, plugins: [...catalog.defaultPlugins, p] }))];
}

/** The pairs of values (one from each of two dimensions) a combination exercises. */
function pairsOf(combo, dims) {
  const pairs = [];
  for (let i = 0; i < dims.length; i++)
    for (let j = i + 1; j < dims.length; j++) pairs.push(`${dims[i].key}=${combo[dims[i].key]} ${dims[j].key}=${combo[dims[j].key]}`);
  return pairs;
}

/**
 * Greedy pairwise selection: repeatedly take the allowed combination that covers the most pairs of
 * values not yet covered, until every pair some allowed combination holds is covered. `isAllowed(case)`
 * resolves to true or to the CLI's refusal; it is asked about `batch` candidates at a time, best first.
 * Returns the cases (default plugins), the refusals met on the way, and the pairs no allowed
 * combination holds (so a caller reports them instead of silently losing them).
 */
export async function pairwise(catalog, isAllowed, { batch = 6 } = {}) {
  const dims = dimensions(catalog);
  const all = product(dims);
  const uncovered = new Set(all.flatMap((c) => pairsOf(c, dims)));
  const verdicts = new Map();
  const cases = [];
  for (;;) {
    const candidates = all
      .map((combo, index) => ({ combo, index, gain: pairsOf(combo, dims).filter((p) => uncovered.has(p)).length }))
      .filter((c) => c.gain > 0 && (verdicts.get(c.index) ?? true) === true)
      .sort((a, b) => b.gain - a.gain || a.index - b.index)
      .slice(0, batch);
    if (!candidates.length) break;
    await Promise.all(candidates.filter((c) => !verdicts.has(c.index)).map(async (c) => verdicts.set(c.index, await isAllowed({ ...c.combo, plugins: [...catalog.defaultPlugins] }))));
    const pick = candidates.find((c) => verdicts.get(c.index) === true);
    if (!pick) continue; // every candidate of this batch was refused: score the rest
    cases.push({ ...pick.combo, plugins: [...catalog.defaultPlugins] });
    for (const p of pairsOf(pick.combo, dims)) uncovered.delete(p);
  }
  const refused = [...verdicts].filter(([, v]) => v !== true).map(([index, message]) => ({ case: { ...all[index], plugins: [...catalog.defaultPlugins] }, message }));
  return { cases, refused, uncovered: [...uncovered] };
}

/**
 * Spread the plugins that are not on by default over the cases (round robin, preferring cases that
 * `runsFully`), each on at least one case the CLI accepts with it. Mutates the cases' plugin lists;
 * returns the plugins no case accepted, with the last refusal.
 */
export async function spreadPlugins(cases, catalog, isAllowed, runsFully = () => true) {
  const full = cases.filter(runsFully);
  const targets = full.length ? full : cases;
  const refused = [];
  let next = 0;
  for (const plugin of extraPlugins(catalog)) {
    let message = "no case to add it to";
    let placed = false;
    for (let k = 0; k < targets.length && !placed; k++) {
      const target = targets[(next + k) % targets.length];
      const trial = { ...target, plugins: [...target.plugins, plugin] };
      const verdict = await isAllowed(trial);
      if (verdict === true) {
        target.plugins = trial.plugins;
        next = (next + k + 1) % targets.length;
        placed = true;
      } else message = verdict;
    }
    if (!placed) refused.push({ plugin, message });
  }
  return refused;
}

/** The CLI flags that select a case (dimensions it leaves out take the CLI's defaults). */
export function caseFlags(c) {
  const flags = DIMENSIONS.filter((d) => c[d.key] !== undefined).flatMap((d) => [d.flag, c[d.key]]);
  if (c.plugins) flags.push("--plugins", c.plugins.join(",") || "none");
  return flags;
}

/** A short name for logs: hono/sqlite/kysely/none +jwt,bearer */
export function caseLabel(c) {
  const plugins = c.plugins ? c.plugins.join(",") || "none" : "default";
  return `${DIMENSIONS.map((d) => c[d.key] ?? "·").join("/")} +${plugins}${c.extraFlags?.length ? ` ${c.extraFlags.join(" ")}` : ""}`;
}
