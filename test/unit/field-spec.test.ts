import { describe, expect, it } from "vitest";
import { FIELD_TYPES, PRIVILEGED_FIELD_NAMES } from "../../src/config/catalog.js";
import {
  formatFieldSpec,
  parseFieldSpec,
  parseFieldSpecs,
  splitFieldList,
  type CustomField,
} from "../../src/config/field-spec.js";
import { userError } from "./expect-user-error.js";

describe("parseFieldSpec: types", () => {
  it.each(FIELD_TYPES.map((t) => [t]))("accepts %s with sensible defaults", (type) => {
    const { field, notes } = parseFieldSpec(`nickname:${type}`);
    expect(field).toEqual({ name: "nickname", type, required: true, unique: false, index: false, input: true, returned: true });
    expect(field.values).toBeUndefined();
    expect(notes).toEqual([]);
  });

  it("parses enum(a|b|c) into values", () => {
    const { field } = parseFieldSpec("tier:enum(free|pro|enterprise)");
    expect(field.type).toBe("enum");
    expect(field.values).toEqual(["free", "pro", "enterprise"]);
  });

  it("keeps colons inside enum parentheses out of the split", () => {
    // Not valid enum words, but the error must be about the values, not a stray modifier.
    const message = userError(() => parseFieldSpec("kind:enum(a:b|c)"));
    expect(message).toContain('enum values "a:b|c"');
  });

  it("parses string[] and number[]", () => {
    expect(parseFieldSpec("tags:string[]").field.type).toBe("string[]");
    expect(parseFieldSpec("scores:number[]").field.type).toBe("number[]");
  });

  it("trims surrounding whitespace", () => {
    expect(parseFieldSpec("  nickname:string  ").field.name).toBe("nickname");
  });
});

describe("parseFieldSpec: modifiers", () => {
  it("optional / required", () => {
    expect(parseFieldSpec("nickname:string:optional").field.required).toBe(false);
    expect(parseFieldSpec("nickname:string:required").field.required).toBe(true);
  });

  it("default= is typed by the field type", () => {
    expect(parseFieldSpec("nickname:string:default=bob").field.defaultValue).toBe("bob");
    expect(parseFieldSpec("age:number:default=42").field.defaultValue).toBe(42);
    expect(parseFieldSpec("age:number:default=-1").field.defaultValue).toBe(-1);
    expect(parseFieldSpec("active:boolean:default=true").field.defaultValue).toBe(true);
    expect(parseFieldSpec("active:boolean:default=false").field.defaultValue).toBe(false);
    expect(parseFieldSpec("level:enum(low|high):default=high").field.defaultValue).toBe("high");
  });

  it("unique, index, no-return", () => {
    const { field } = parseFieldSpec("handle:string:unique:index:no-return");
    expect(field).toMatchObject({ unique: true, index: true, returned: false, input: true, required: true });
  });

  it("input / no-input on an ordinary name", () => {
    expect(parseFieldSpec("nickname:string:no-input:optional").field.input).toBe(false);
    expect(parseFieldSpec("nickname:string:input").field.input).toBe(true);
  });

  it("combines several modifiers in any order", () => {
    const { field } = parseFieldSpec("tier:enum(free|pro):unique:default=pro:optional:input:index");
    expect(field).toEqual({
      name: "tier", type: "enum", values: ["free", "pro"], required: false, defaultValue: "pro",
      unique: true, index: true, input: true, returned: true,
    });
  });
});

describe("parseFieldSpec: privileged names", () => {
  it.each(["role", "isAdmin", "credits", "tenantId"])("%s defaults to no-input, optional, with notes", (name) => {
    expect(PRIVILEGED_FIELD_NAMES).toContain(name);
    const { field, notes } = parseFieldSpec(`${name}:string`);
    expect(field.input).toBe(false);
    expect(field.required).toBe(false);
    expect(notes.some((n) => n.includes(`"${name}" looks privileged`))).toBe(true);
    expect(notes.some((n) => n.includes("optional"))).toBe(true);
  });

  it("stays required when it has a default", () => {
    const { field, notes } = parseFieldSpec("tier:enum(free|pro):default=free");
    expect(field).toMatchObject({ input: false, required: true, defaultValue: "free" });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain("privileged");
  });

  it("explicit :input overrides, without notes", () => {
    const { field, notes } = parseFieldSpec("role:string:input");
    expect(field).toMatchObject({ input: true, required: true });
    expect(notes).toEqual([]);
  });

  it("explicit :no-input on a privileged name gives no privileged note", () => {
    const { notes } = parseFieldSpec("role:string:no-input:default=user");
    expect(notes).toEqual([]);
  });

  it("refuses required + no-input + no default", () => {
    expect(userError(() => parseFieldSpec("role:string:required"))).toMatch(/every sign-up would fail/);
    expect(userError(() => parseFieldSpec("nickname:string:no-input:required"))).toContain('"nickname:string:no-input:required"');
  });

  it("accepts required + no-input when there is a default", () => {
    expect(parseFieldSpec("role:string:required:default=user").field).toMatchObject({ required: true, input: false, defaultValue: "user" });
  });
});

describe("parseFieldSpec: refusals quote the bad part", () => {
  const cases: [string, string, string[]][] = [
    ["empty", "", ["it is empty"]],
    ["blank", "   ", ["it is empty"]],
    ["identifier starting with a digit", "1x:string", ['"1x" is not a valid identifier']],
    ["identifier with a dash", "a-b:string", ['"a-b" is not a valid identifier']],
    ["core field email", "email:string", ['"email" is a Better Auth core user field']],
    ["core field createdAt", "createdAt:date", ['"createdAt"']],
    ["missing type", "nickname", ['"nickname" has no type']],
    ["empty type", "nickname:", ['"nickname" has no type']],
    ["unknown type", "nickname:text", ['unknown type "text"']],
    ["unknown type int[]", "ids:int[]", ['unknown type "int[]"']],
    ["unknown modifier", "nickname:string:nullable", ['unknown modifier "nullable"']],
    ["number default not a number", "age:number:default=abc", ['default "abc" is not a number']],
    ["empty number default", "age:number:default=", ['default "" is not a number']],
    ["boolean default", "active:boolean:default=yes", ['default "yes" must be true or false']],
    ["enum default not a value", "tier:enum(free|pro):default=gold", ['default "gold" is not one of free|pro']],
    ["default on a date", "since:date:default=2020-01-01", ["not date"]],
    ["default on string[]", "tags:string[]:default=a", ["not string[]"]],
    ["duplicate modifier", "nickname:string:unique:unique", ['modifier "unique" is given twice']],
    ["duplicate default", "age:number:default=1:default=2", ['modifier "default" is given twice']],
    ["optional and required", "nickname:string:optional:required", ["both optional and required"]],
    ["input and no-input", "nickname:string:input:no-input", ["both input and no-input"]],
    ["empty enum", "tier:enum()", ['enum values ""']],
    ["enum value with a space", "tier:enum(free|pro plus)", ['enum values "free|pro plus"']],
    ["repeated enum value", "tier:enum(free|free)", ["repeat"]],
  ];
  it.each(cases)("%s", (_label, spec, expected) => {
    const message = userError(() => parseFieldSpec(spec));
    expect(message).toContain(`Invalid field "${spec}"`);
    for (const part of expected) expect(message).toContain(part);
    expect(message).not.toContain("\n");
  });
});

describe("parseFieldSpecs / splitFieldList", () => {
  it("parses several specs and keeps their notes", () => {
    const parsed = parseFieldSpecs(["nickname:string", "role:string"]);
    expect(parsed.map((p) => p.field.name)).toEqual(["nickname", "role"]);
    expect(parsed[0].notes).toEqual([]);
    expect(parsed[1].notes.length).toBeGreaterThan(0);
  });

  it("refuses duplicated field names, naming the field", () => {
    const message = userError(() => parseFieldSpecs(["nickname:string", "nickname:number"]));
    expect(message).toContain('Field "nickname" is given twice');
  });

  it("propagates the first bad spec", () => {
    expect(userError(() => parseFieldSpecs(["nickname:string", "bad-name:string"]))).toContain('"bad-name"');
  });

  it("splits on whitespace and commas, dropping empties", () => {
    expect(splitFieldList("role:string tier:string")).toEqual(["role:string", "tier:string"]);
    expect(splitFieldList("  a:string,b:number\n\tc:enum(x|y):default=x ,, ")).toEqual(["a:string", "b:number", "c:enum(x|y):default=x"]);
    expect(splitFieldList("   ")).toEqual([]);
  });
});

describe("formatFieldSpec", () => {
  it("writes the canonical spelling (explicit input/no-input, optional only when not required)", () => {
    expect(formatFieldSpec(parseFieldSpec("nickname:string").field)).toBe("nickname:string:input");
    expect(formatFieldSpec(parseFieldSpec("role:string").field)).toBe("role:string:optional:no-input");
    expect(formatFieldSpec(parseFieldSpec("tier:enum(free|pro):default=free").field)).toBe("tier:enum(free|pro):default=free:no-input");
    expect(formatFieldSpec(parseFieldSpec("h:string:no-return:index:unique:optional").field)).toBe("h:string:optional:unique:index:input:no-return");
  });

  const specs = [
    "nickname:string",
    "nickname:string:optional",
    "age:number:default=0",
    "age:number:default=-3:optional",
    "active:boolean:default=false",
    "active:boolean:default=true:no-return",
    "since:date:optional",
    "meta:json:optional:no-return",
    "tags:string[]",
    "scores:number[]:optional:index",
    "tier:enum(free|pro|enterprise):default=free",
    "tier:enum(free|pro):optional:input",
    "level:enum(a_1|b-2)",
    "handle:string:unique:index",
    "role:string",
    "role:string:input",
    "role:string:default=user:required",
    "credits:number:default=10",
    "secretNote:string:no-input:optional:no-return",
    "nickname:string:default=",
  ];
  it.each(specs)("round-trips %s", (spec) => {
    const field = parseFieldSpec(spec).field;
    const again = parseFieldSpec(formatFieldSpec(field));
    expect(again.field).toEqual(field);
    // The canonical spec is explicit about input, so no privileged-name guess is needed again.
    expect(again.notes).toEqual([]);
    // And it is a fixed point.
    expect(formatFieldSpec(again.field)).toBe(formatFieldSpec(field));
  });

  it("round-trips a hand-built field object", () => {
    const field: CustomField = {
      name: "plan", type: "enum", values: ["a", "b"], required: false, defaultValue: "b",
      unique: true, index: false, input: false, returned: false,
    };
    expect(parseFieldSpec(formatFieldSpec(field)).field).toEqual(field);
  });
});
