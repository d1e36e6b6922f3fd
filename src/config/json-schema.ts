import { toJSONSchema } from "zod/mini";
import { partialConfigSchema } from "./schema.js";

/** The config file's JSON Schema, straight from the zod schema (the one source of truth). */
export function printJsonSchema(): void {
  const schema = toJSONSchema(partialConfigSchema, { io: "input" });
  console.log(JSON.stringify({ $id: "https://unpkg.com/create-auth-service/schema/config.schema.json", ...schema }, null, 2));
}
