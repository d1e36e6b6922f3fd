import { readFileSync } from "node:fs";
import { expect, it, vi } from "vitest";
import { printJsonSchema } from "../../src/config/json-schema.js";

it("the committed schema/config.schema.json is the one the zod schema produces (npm run schema)", () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  printJsonSchema();
  const generated = JSON.parse(log.mock.calls[0][0] as string);
  log.mockRestore();
  const committed = JSON.parse(readFileSync(new URL("../../schema/config.schema.json", import.meta.url), "utf8"));
  expect(committed).toEqual(generated);
  expect(generated.properties.framework.enum).toContain("hono");
});
