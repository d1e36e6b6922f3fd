// The sign-up form's inputs for your custom user fields, read from the generated auth.fields.ts:
// after `create-auth-service add-field` the form follows without edits. Fields with `input: false`
// are set by the server only and never shown.
import type { DBFieldAttribute } from "better-auth";
import { additionalFields } from "@/auth.fields";

const fields = Object.entries(additionalFields as Record<string, DBFieldAttribute>).filter(([, f]) => f.input !== false);

const label = (name: string) => name.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());

function FieldInput({ name, field }: { name: string; field: DBFieldAttribute }) {
  const fallback = typeof field.defaultValue === "function" ? undefined : field.defaultValue;
  const required = field.required !== false && fallback === undefined;
  if (Array.isArray(field.type))
    return (
      <select name={name} defaultValue={fallback === undefined ? undefined : String(fallback)} required={required}>
        {!required && <option value="">—</option>}
        {field.type.map((value) => (
          <option key={value}>{value}</option>
        ))}
      </select>
    );
  if (field.type === "boolean") return <input name={name} type="checkbox" defaultChecked={fallback === true} />;
  const type = field.type === "number" ? "number" : field.type === "date" ? "date" : "text";
  const hint = field.type === "json" ? "JSON" : field.type.endsWith("[]") ? "comma-separated" : undefined;
  return <input name={name} type={type} step={type === "number" ? "any" : undefined} placeholder={hint} defaultValue={fallback === undefined ? undefined : String(fallback)} required={required} />;
}

export function CustomFieldInputs() {
  return fields.map(([name, field]) => (
    <label key={name}>
      {label(name)} <FieldInput name={name} field={field} />
    </label>
  ));
}

/** The form's text → the JSON value Better Auth expects; empty optional fields are left out. */
export function customFieldValues(form: FormData): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, field] of fields) {
    if (field.type === "boolean") {
      values[name] = form.get(name) === "on";
      continue;
    }
    const text = String(form.get(name) ?? "").trim();
    if (text === "") continue;
    const list = () => text.split(",").map((s) => s.trim()).filter(Boolean);
    if (field.type === "number") values[name] = Number(text);
    else if (field.type === "date") values[name] = new Date(text).toISOString();
    else if (field.type === "json") values[name] = JSON.parse(text);
    else if (field.type === "string[]") values[name] = list();
    else if (field.type === "number[]") values[name] = list().map(Number);
    else values[name] = text;
  }
  return values;
}
