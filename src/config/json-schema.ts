import { toJSONSchema } from "zod/mini";
import { out } from "../cli/output.js";
import { partialConfigSchema } from "./schema.js";

/** The config file's JSON Schema, straight from the zod schema (the one source of truth). */
export function configJsonSchema(): Record<string, unknown> {
  const schema = toJSONSchema(partialConfigSchema, { io: "input" });
  return { $id: "https://unpkg.com/create-auth-service/schema/config.schema.json", ...schema };
}

export function printJsonSchema(): void {
  out.document("schema", configJsonSchema());
}
