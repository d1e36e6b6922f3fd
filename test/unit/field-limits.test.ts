// Field value limits: the spec syntax (max=N, text), what the generated auth.fields.ts enforces, what
// goes into the JWT, and the MySQL column sizes. The generated module is rendered from the template
// and evaluated here (TypeScript stripped in-process), so its validators are tested as shipped.
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { fieldMax, TEXT_MAX } from "../../src/config/field-limits.js";
import { formatFieldSpec, parseFieldSpec, type CustomField } from "../../src/config/field-spec.js";
import { fieldView } from "../../src/render/context.js";
import { renderTemplateFile } from "../../src/render/templates.js";
import { customFieldColumn } from "../../src/schema/auth-tables.js";
import { renderDrizzleSchema } from "../../src/schema/drizzle.js";
import { renderPrismaSchema } from "../../src/schema/prisma.js";
import { userError } from "./expect-user-error.js";

const field = (spec: string) => parseFieldSpec(spec).field;

describe("spec syntax", () => {
  it("strings hold 255 characters unless max=N or text says otherwise", () => {
    expect(fieldMax(field("company:string"))).toBe(255);
    expect(fieldMax(field("company:string:max=40"))).toBe(40);
    expect(fieldMax(field("bio:string:text"))).toBe(TEXT_MAX);
    expect(fieldMax(field("tags:string[]"))).toBe(100);
    expect(fieldMax(field("tags:string[]:max=5"))).toBe(5);
    expect(fieldMax(field("prefs:json"))).toBe(8192);
    expect(fieldMax(field("prefs:json:max=1024"))).toBe(1024);
    expect(fieldMax(field("age:number"))).toBeUndefined();
  });

  it.each([
    ["age:number:max=5", "max= applies to string, string[], number[] and json fields, not number"],
    ["tier:enum(a|b):max=5", "not enum"],
    ["company:string:max=0", "max=0 must be a whole number of characters from 1 to 65535"],
    ["company:string:max=65536", "from 1 to 65535"],
    ["company:string:max=1e3", "max=1e3 must be a whole number"],
    ["company:string:max=", "max= must be a whole number"],
    ["tags:string[]:max=1001", "max=1001 must be a whole number of items from 1 to 1000"],
    ["prefs:json:max=70000", "of bytes from 2 to 65535"],
    ["prefs:json:text", "text applies to string fields, not json"],
    ["bio:string:text:max=10", 'modifier "max=N/text" is given twice'],
    ["code:string:unique:max=300", "a unique or indexed string holds at most 255 characters"],
    ["bio:string:text:index", "a unique or indexed string holds at most 255 characters"],
    ["code:string:max=3:default=abcd", "its default is longer than its 3-character limit"],
    ["level:number:default=7.5", "default 7.5 is not an integer"],
    ["level:number:default=3000000000", "not an integer from -2147483648 to 2147483647"],
  ])("refuses %s", (spec, message) => {
    expect(userError(() => parseFieldSpec(spec))).toContain(message);
  });

  it.each(["company:string:max=40", "bio:string:text:optional", "tags:string[]:max=5", "prefs:json:max=1024:no-return", "code:string:unique:max=255"])(
    "%s survives formatFieldSpec and back",
    (spec) => {
      const parsed = field(spec);
      expect(field(formatFieldSpec(parsed))).toEqual(parsed);
    },
  );

  it("a field without max= formats without it", () => {
    expect(formatFieldSpec(field("company:string"))).toBe("company:string:input");
    expect(formatFieldSpec(field("bio:string:text"))).toBe("bio:string:input:text");
  });
});

describe("template context", () => {
  it("long strings, JSON and no-return fields are not JWT claims", () => {
    expect(fieldView(field("company:string")).jwtClaim).toBe(true);
    expect(fieldView(field("company:string:max=255")).jwtClaim).toBe(true);
    expect(fieldView(field("note:string:max=256")).jwtClaim).toBe(false);
    expect(fieldView(field("bio:string:text")).jwtClaim).toBe(false);
    expect(fieldView(field("prefs:json")).jwtClaim).toBe(false);
    expect(fieldView(field("secret:string:no-return")).jwtClaim).toBe(false);
    expect(fieldView(field("tags:string[]")).jwtClaim).toBe(true);
  });

  it("numbers are integers in the Python claims model", () => {
    expect(fieldView(field("level:number")).pyType).toBe("int");
    expect(fieldView(field("scores:number[]:optional")).pyType).toBe("list[int] | None");
  });

  it("sample values respect the limits", () => {
    expect(JSON.parse(fieldView(field("someLongFieldName:string:max=4")).sampleJson)).toBe("samp");
    expect(JSON.parse(fieldView(field("tags:string[]:max=1")).sampleJson)).toEqual(["a"]);
    expect(JSON.parse(fieldView(field("prefs:json:max=2")).sampleJson)).toEqual({});
  });
});

describe("MySQL columns hold every value the validator accepts", () => {
  const long = "v".repeat(300);
  const tables = (fields: CustomField[]) => [{ name: "user", columns: fields.map(customFieldColumn) }];

  it("an enum value longer than 255 characters widens its varchar", () => {
    const fields = [field(`kind:enum(short|${long})`), field("code:string:unique:max=8"), field("bio:string:text")];
    const drizzle = renderDrizzleSchema(tables(fields), "mysql");
    expect(drizzle).toContain('kind: varchar("kind", { length: 300, enum: ["short", ');
    expect(drizzle).toContain('code: varchar("code", { length: 255 })');
    expect(drizzle).toContain('bio: text("bio")');
    const prisma = renderPrismaSchema(tables(fields), "mysql");
    expect(prisma).toMatch(/kind\s+String\s+@db\.VarChar\(300\)/);
    expect(prisma).toMatch(/code\s+String\s+@unique @db\.VarChar\(255\)/);
    expect(prisma).toMatch(/bio\s+String\s+@db\.Text/);
  });
});

// ---- the generated auth.fields.ts, evaluated ----

interface Issue {
  message: string;
}
type Validate = (value: unknown) => { value?: unknown; issues?: Issue[] };
interface FieldsModule {
  additionalFields: Record<string, { validator: { input: { "~standard": { validate: Validate } } } }>;
  claimFieldNames: readonly string[];
  customClaims: (user: Record<string, unknown>) => Record<string, unknown>;
}

async function generatedModule(specs: string[]): Promise<FieldsModule> {
  const views = specs.map((s) => fieldView(field(s)));
  const source = await renderTemplateFile("base", "src/auth.fields.ts", { fields: views, claimFields: views.filter((f) => f.jwtClaim) });
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  return (await import(`data:text/javascript;base64,${Buffer.from(js).toString("base64")}`)) as FieldsModule;
}

describe("generated validators", () => {
  let mod: FieldsModule;
  beforeAll(async () => {
    mod = await generatedModule([
      "company:string",
      "nick:string:optional:max=8",
      "bio:string:text:optional",
      "level:number:default=1",
      "tier:enum(free|pro):default=free:input",
      "born:date:optional",
      "tags:string[]:optional:max=3",
      "scores:number[]:optional",
      "prefs:json:optional:max=64",
      "active:boolean:optional",
    ]);
  });
  const check = (name: string, value: unknown) => {
    const result = mod.additionalFields[name].validator.input["~standard"].validate(value);
    return result.issues ? result.issues[0].message : result;
  };
  /** For big values: a boolean, so a failure does not print megabytes. */
  const accepted = (name: string, value: unknown) => !mod.additionalFields[name].validator.input["~standard"].validate(value).issues;
  const TEN_MB = "x".repeat(10 * 1024 * 1024);

  it("refuses a 10 MB string in every string field, and any over-long value", () => {
    expect(check("company", TEN_MB)).toBe("company must be text of at most 255 characters");
    expect(check("bio", TEN_MB)).toBe("bio must be text of at most 65535 characters");
    expect(check("company", "c".repeat(256))).toBe("company must be text of at most 255 characters");
    expect(accepted("company", "c".repeat(255))).toBe(true);
    expect(check("nick", "123456789")).toBe("nick must be text of at most 8 characters");
    // 65535 characters of 3-byte UTF-8 would overflow a MySQL TEXT column: bytes are capped too.
    expect(check("bio", "€".repeat(30000))).toBe("bio must be at most 65535 bytes");
    expect(accepted("bio", "b".repeat(65535))).toBe(true);
    expect(accepted("bio", "€".repeat(21845))).toBe(true);
  });

  it("checks each type, and null only where the field is optional", () => {
    expect(check("company", 42)).toBe("company must be text of at most 255 characters");
    expect(check("company", null)).toBe("company is required");
    expect(check("nick", null)).toEqual({ value: null });
    expect(check("level", 7)).toEqual({ value: 7 });
    expect(check("level", 7.5)).toBe("level must be a whole number from -2147483648 to 2147483647");
    expect(check("level", "7")).toBe("level must be a whole number from -2147483648 to 2147483647");
    expect(check("level", 2 ** 31)).toBe("level must be a whole number from -2147483648 to 2147483647");
    expect(check("tier", "pro")).toEqual({ value: "pro" });
    expect(check("tier", "enterprise")).toBe("tier must be one of free, pro");
    expect(check("born", "2030-01-02T03:04:05.000Z")).toEqual({ value: "2030-01-02T03:04:05.000Z" });
    expect(check("born", "not a date")).toBe("born must be a date (ISO 8601)");
    expect(check("born", "2030-01-02".padEnd(100, " "))).toBe("born must be a date (ISO 8601)");
    expect(check("tags", ["a", "b", "c"])).toEqual({ value: ["a", "b", "c"] });
    expect(check("tags", ["a", "b", "c", "d"])).toBe("tags must be a list of at most 3 items");
    expect(check("tags", ["a", TEN_MB])).toBe("tags items must be text of at most 255 characters");
    expect(check("scores", Array.from({ length: 101 }, () => 1))).toBe("scores must be a list of at most 100 items");
    expect(check("scores", [1, 2.5])).toBe("scores items must be a whole number from -2147483648 to 2147483647");
    expect(check("prefs", { a: 1 })).toEqual({ value: { a: 1 } });
    expect(check("prefs", { a: "y".repeat(64) })).toBe("prefs must be at most 64 bytes as JSON");
    expect(check("active", "true")).toBe("active must be true or false");
  });

  it("the JWT carries short fields only, within a total budget", () => {
    expect(mod.claimFieldNames).toEqual(["company", "nick", "level", "tier", "born", "tags", "scores", "active"]);
    const user = { company: "Acme", bio: TEN_MB, prefs: { a: 1 }, level: 3, tier: "pro", nick: null };
    const claims = mod.customClaims(user);
    expect(claims).toMatchObject({ company: "Acme", level: 3, tier: "pro", nick: null });
    expect(claims).not.toHaveProperty("bio");
    expect(claims).not.toHaveProperty("prefs");
    // Values stored before limits existed: the claims stop growing at the budget.
    const oversized = mod.customClaims({ company: "c".repeat(3000), nick: "n".repeat(3000), level: 1 });
    expect(Object.keys(oversized)).toEqual(["company", "level", "tier", "born", "tags", "scores", "active"]);
    expect(Buffer.byteLength(JSON.stringify(oversized))).toBeLessThanOrEqual(4096);
  });
});
