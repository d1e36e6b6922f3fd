// `socialProviders: { github: {...} }` in a user's betterAuth({...}) options: providers already
// configured (under any spelling of their options) are left alone; new ones are spliced in.
import { locateBetterAuthOptions, resolveLiteral } from "./locate.js";
import { findProperty, hasSpread, parseModule } from "./parse.js";
import { refusal } from "./refuse.js";
import { toFileStyle, type CodeStyle } from "./code-style.js";
import { applySplices, detectStyle, insertIntoList, listOf, type EditContext, type Render } from "./splice.js";

export interface ProviderEntry {
  id: string;
  /** The provider's options object, as source (`{ clientId: process.env.X!, … }`). */
  options: string;
}

export interface ProvidersResult {
  code: string;
  changed: boolean;
  /** Providers that were already configured. */
  present: string[];
}

const keyName = (key: { type: string; name?: string; value?: unknown }) => (key.type === "Identifier" ? key.name : typeof key.value === "string" ? key.value : undefined);

/** Providers the config already lists (best effort: an unreadable config lists none). */
export function configuredProviders(source: string, fileName: string): string[] {
  try {
    const { ast, object } = locateBetterAuthOptions(source, fileName, "");
    const prop = object && findProperty(object, "socialProviders");
    if (!prop || prop.type !== "ObjectProperty") return [];
    const providers = resolveLiteral(ast, source, prop.value, "ObjectExpression", "`socialProviders`");
    if (typeof providers === "string") return [];
    return providers.properties.flatMap((p) => (p.type === "SpreadElement" ? [] : [keyName(p.key as never)].filter((k): k is string => !!k)));
  } catch {
    return [];
  }
}

export function ensureSocialProviders(source: string, fileName: string, providers: ProviderEntry[], manualHint: string, style?: CodeStyle): ProvidersResult {
  const { ast, object } = locateBetterAuthOptions(source, fileName, manualHint);
  const fail = (problem: string) => refusal(fileName, problem, manualHint);
  if (!object) throw fail("betterAuth() has no options object");
  const detected = detectStyle(source, ast);
  const ctx: EditContext = { source, style: style ? toFileStyle(style, source, detected) : detected };
  const render = (p: ProviderEntry): Render => () => `${p.id}: ${p.options}`;
  const prop = findProperty(object, "socialProviders");
  let splices;
  let present: string[] = [];
  if (!prop) {
    if (hasSpread(object)) throw fail("its options spread another object, which may already set `socialProviders`");
    const block: Render = ({ multiline, indent, style }) => {
      if (!multiline) return `socialProviders: { ${providers.map((p) => `${p.id}: ${p.options}`).join(", ")} }`;
      const inner = indent + style.indent;
      const items = providers.map((p, i) => style.eol + inner + `${p.id}: ${p.options}` + (i < providers.length - 1 || style.trailingComma ? "," : ""));
      return `socialProviders: {${items.join("")}${style.eol}${indent}}`;
    };
    splices = insertIntoList(ctx, listOf(object), object.properties.length, [block], { expandEmpty: true });
  } else {
    if (prop.type !== "ObjectProperty") throw fail("`socialProviders` is a method, not an object literal");
    const list = resolveLiteral(ast, source, prop.value, "ObjectExpression", "`socialProviders`");
    if (typeof list === "string") throw fail(list);
    present = configuredProviders(source, fileName);
    const missing = providers.filter((p) => !present.includes(p.id));
    if (missing.length && hasSpread(list)) throw fail("`socialProviders` spreads another object, which may already configure these providers");
    splices = insertIntoList(ctx, listOf(list), list.properties.length, missing.map(render));
  }
  if (splices.length === 0) return { code: source, changed: false, present };
  const code = applySplices(source, splices);
  parseModule(code, fileName);
  return { code, changed: code !== source, present };
}
