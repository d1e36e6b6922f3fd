// .env files are read by Node (process.loadEnvFile in the service) and by python-dotenv (the
// FastAPI module): every value must come back identical from both. Needs Debian's python3-dotenv.
import { execFileSync } from "node:child_process";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { quoteEnvValue, renderEnvFile } from "../../src/render/env-file.js";

const PYTHON = "/usr/bin/python3";
const NASTY = "p$ss `w0rd` 'single' \"double\" #hash \\back slash";

/** python-dotenv's reading of an env file's text, variable by variable. */
function dotenv(text: string): Record<string, string | null> {
  const script = "import io, json, sys, dotenv; print(json.dumps(dotenv.dotenv_values(stream=io.StringIO(sys.stdin.read()))))";
  return JSON.parse(execFileSync(PYTHON, ["-c", script], { input: text }).toString());
}

describe(".env values read by Node and python-dotenv", () => {
  it("round-trip every awkward value the same way in both", () => {
    const values = {
      NO_SINGLE: NASTY.replace(/'/g, ""),
      NO_DOUBLE: NASTY.replace(/["\\]/g, ""),
      DOLLAR: "$HOME and $",
      WINDOWS_PATH: "C:\\dir\\x",
      QUOTE: "it's",
      HASH: "value #not-a-comment",
      PLAIN: "plain-value",
      DATABASE_URL: `postgres://app:${NASTY}@127.0.0.1:5432/auth`,
    };
    const text = Object.entries(values).map(([k, v]) => `${k}=${quoteEnvValue(k, v)}`).join("\n") + "\n";
    const node = parseEnv(text);
    const python = dotenv(text);
    for (const [key, value] of Object.entries(values)) {
      expect(python[key], `${key} in python-dotenv`).toBe(node[key]);
      if (key !== "DATABASE_URL") expect(node[key], `${key} in Node`).toBe(value);
    }
    // The URL's password comes back whole once a driver decodes it.
    expect(decodeURIComponent(new URL(node.DATABASE_URL!).password)).toBe(NASTY);
    // python-dotenv expands ${VAR} whatever the quotes: such a value is refused, or encoded in a URL.
    expect(() => quoteEnvValue("K", "${HOME}")).toThrow(/K contains/);
    const url = `postgres://app:a\${HOME}b@localhost/auth`;
    expect(dotenv(`U=${quoteEnvValue("U", url)}\n`).U).toBe(parseEnv(`U=${quoteEnvValue("U", url)}`).U);
  });

  it("renders env files whose values python-dotenv reads like Node", () => {
    const text = renderEnvFile(
      [{ key: "DATABASE_URL", value: "{{databaseUrl}}" }, { key: "SECRET", value: { secret: true } }],
      "env",
      { databaseUrl: `mysql://root:${NASTY}@localhost:3306/auth` },
      () => "abc$def 'g'",
    );
    expect(dotenv(text)).toEqual(parseEnv(text));
    expect(parseEnv(text).SECRET).toBe("abc$def 'g'");
  });
});
