import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TEMPLATES = path.join(ROOT, "templates");
const require = createRequire(path.join(ROOT, "package.json"));

/** Renders template trees into `dir`: `.hbs` files are compiled (noEscape) and lose the extension, others are copied. */
function renderTrees(trees: string[], context: object, dir: string): void {
  for (const tree of trees) {
    const root = path.join(TEMPLATES, tree);
    for (const rel of fs.readdirSync(root, { recursive: true, encoding: "utf8" })) {
      const src = path.join(root, rel);
      if (fs.statSync(src).isDirectory()) continue;
      const dest = path.join(dir, rel.replace(/\.hbs$/, ""));
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      const text = fs.readFileSync(src, "utf8");
      fs.writeFileSync(dest, rel.endsWith(".hbs") ? Handlebars.compile(text, { noEscape: true })(context) : text);
    }
  }
}

// Only what the api-client templates read (plus the project name/port used in comments).
const context = {
  projectName: "acme-auth",
  port: 3001,
  plugins: { jwt: true, bearer: true, admin: true },
  claimFields: [
    { name: "tier", type: "enum", values: ["free", "pro"], required: true, tsType: '"free" | "pro"' },
    { name: "credits", type: "number", required: false, tsType: "number" },
  ],
};

/** A temp project dir: ESM like the generated project, node_modules linked so tsc finds @types/node and axios (a devDependency). */
function makeProject(trees: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "api-client-"));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  renderTrees(trees, context, dir);
  return dir;
}

/** Type-check `files` in `dir`; returns tsc's diagnostics, "" when there are none. */
function tsc(dir: string, files: string[], extra: string[] = []): string {
  const args = ["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022"];
  args.push("--types", "node", "--skipLibCheck", ...extra, ...files);
  try {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), ...args], { cwd: dir, encoding: "utf8" });
    return "";
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return `${stdout ?? ""}${stderr ?? ""}` || String(error);
  }
}

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
/** JWT-shaped but unsigned: the client only decodes `exp`. */
const makeJwt = (payload: object) => `${b64url({ alg: "EdDSA", typ: "JWT" })}.${b64url(payload)}.sig`;

// ---- fake auth service + resource server -------------------------------------------------------
const T0 = 1_700_000_000_000;
let clock = T0;
let tokenCalls = 0;
let resourceCalls = 0;
let tokenStatus = 200;
let tokenTtl: number | undefined = 300; // seconds; undefined = token without exp
let tokenSessionHeader: string | undefined;
let rejectAll = false;
let unauthorized = 0;
let serial = 0; // never reset: every token ever issued is distinct
const revoked = new Set<string>();

const server = http.createServer((req, res) => {
  const url = req.url ?? "";
  if (url === "/api/auth/token") {
    tokenCalls++;
    tokenSessionHeader = req.headers.authorization;
    // Answer late so concurrent callers really overlap with the in-flight refresh.
    setTimeout(() => {
      if (tokenStatus !== 200) return void res.writeHead(tokenStatus).end('{"message":"Unauthorized"}');
      const iat = Math.floor(clock / 1000);
      const exp = tokenTtl === undefined ? {} : { exp: iat + tokenTtl };
      const token = makeJwt({ sub: "user-1", jti: `t${++serial}`, iat, ...exp });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token }));
    }, 20);
    return;
  }
  if (url === "/api/resource") {
    resourceCalls++;
    const auth = req.headers.authorization ?? "";
    const token = auth.replace(/^Bearer /, "");
    if (!auth.startsWith("Bearer ") || rejectAll || revoked.has(token)) {
      // Stagger 401s so some arrive after the refresh has finished (the late ones must not refresh again).
      setTimeout(() => res.writeHead(401).end(), 10 * ++unauthorized);
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ auth }));
    return;
  }
  res.writeHead(404).end();
});

// The rendered module's surface, as this test uses it (it is imported from a temp dir at run time).
interface FetchModule {
  createApiClient(options: {
    authBaseURL: string;
    apiBaseURL: string;
    getSessionHeaders?: () => Record<string, string> | Promise<Record<string, string>>;
    refreshSkewSeconds?: number;
    now?: () => number;
  }): {
    request(path: string, init?: RequestInit): Promise<Response>;
    json<T>(path: string, init?: RequestInit): Promise<T>;
    getToken(): Promise<string>;
    clearToken(): void;
  };
  AuthTokenError: new (status: number, body: string) => Error & { status: number };
}
let mod: FetchModule;
let dir: string;
let baseURL: string;

beforeAll(async () => {
  dir = makeProject(["api-client-common", "api-client-fetch"]);
  mod = (await import(path.join(dir, "api-client", "index.ts"))) as FetchModule;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  clock = T0;
  tokenCalls = resourceCalls = 0;
  tokenStatus = 200;
  tokenTtl = 300;
  tokenSessionHeader = undefined;
  rejectAll = false;
  unauthorized = 0;
  revoked.clear();
});

const client = (extra: Partial<Parameters<FetchModule["createApiClient"]>[0]> = {}) =>
  mod.createApiClient({ authBaseURL: baseURL, apiBaseURL: baseURL, now: () => clock, ...extra });

describe("api client (fetch)", () => {
  it("attaches the JWT and authenticates the token call with getSessionHeaders", async () => {
    const api = client({ getSessionHeaders: async () => ({ Authorization: "Bearer session-123" }) });
    const body = await api.json<{ auth: string }>("/api/resource");
    expect(body.auth).toBe(`Bearer ${await api.getToken()}`);
    expect(tokenSessionHeader).toBe("Bearer session-123");
  });

  it("shares one token request among 10 concurrent requests", async () => {
    const api = client();
    const responses = await Promise.all(Array.from({ length: 10 }, () => api.request("api/resource")));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(tokenCalls).toBe(1);
    expect(resourceCalls).toBe(10);
  });

  it("reuses the token while fresh and refreshes it within refreshSkewSeconds of exp", async () => {
    const api = client({ refreshSkewSeconds: 30 });
    const first = await api.getToken();
    clock = T0 + (300 - 31) * 1000; // 31 s before exp: still fresh
    await api.request("/api/resource");
    expect(tokenCalls).toBe(1);
    expect(await api.getToken()).toBe(first);
    clock = T0 + (300 - 29) * 1000; // 29 s before exp: inside the skew
    const second = await api.getToken();
    expect(tokenCalls).toBe(2);
    expect(second).not.toBe(first);
  });

  it("never caches a token without exp", async () => {
    tokenTtl = undefined;
    const api = client();
    await api.request("/api/resource");
    await api.request("/api/resource");
    expect(tokenCalls).toBe(2);
  });

  it("refreshes once and retries once on a 401", async () => {
    const api = client();
    revoked.add(await api.getToken()); // e.g. the signing key was rotated
    const res = await api.request("/api/resource");
    expect(res.status).toBe(200);
    expect(tokenCalls).toBe(2);
    expect(resourceCalls).toBe(2);
  });

  it("shares one refresh when concurrent requests hit 401 with the same stale token", async () => {
    const api = client();
    revoked.add(await api.getToken());
    const responses = await Promise.all(Array.from({ length: 5 }, () => api.request("/api/resource")));
    expect(responses.map((r) => r.status)).toEqual(Array(5).fill(200));
    expect(tokenCalls).toBe(2);
  });

  it("surfaces a second 401 to the caller", async () => {
    rejectAll = true;
    const api = client();
    const res = await api.request("/api/resource");
    expect(res.status).toBe(401);
    expect(tokenCalls).toBe(2);
    expect(resourceCalls).toBe(2);
    await expect(api.json("/api/resource")).rejects.toMatchObject({ name: "ApiError", status: 401 });
  });

  it("throws AuthTokenError with the status when the token endpoint fails, and recovers afterwards", async () => {
    tokenStatus = 401;
    const api = client();
    const error = await api.request("/api/resource").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(mod.AuthTokenError);
    expect(error).toMatchObject({ status: 401 });
    expect(resourceCalls).toBe(0);
    tokenStatus = 200;
    expect((await api.request("/api/resource")).status).toBe(200);
  });

  it("clearToken forces a new token", async () => {
    const api = client();
    await api.getToken();
    api.clearToken();
    await api.getToken();
    expect(tokenCalls).toBe(2);
  });

  it("renders AuthUser from claimFields and plugins.admin", () => {
    const user = fs.readFileSync(path.join(dir, "api-client", "user.ts"), "utf8");
    expect(user).toContain('  tier: "free" | "pro";\n');
    expect(user).toContain("  credits?: number;\n");
    expect(user).toContain("  role?: string;\n");
  });

  it("typechecks under strict NodeNext", () => {
    // A consumer file pins the exported types (e.g. the enum claim rejects unknown values).
    fs.writeFileSync(
      path.join(dir, "consumer.ts"),
      [
        'import { createApiClient, AuthTokenError, type AuthUser } from "./api-client/index.js";',
        'const api = createApiClient({ authBaseURL: "http://a", apiBaseURL: "http://b", getSessionHeaders: () => ({ cookie: "x" }) });',
        'const user: AuthUser = { id: "1", email: "e", name: "n", emailVerified: true, tier: "pro", role: "admin" };',
        '// @ts-expect-error "gold" is not a tier',
        'const bad: AuthUser = { ...user, tier: "gold" };',
        'export const checks = [api.json<AuthUser>("/me"), api.request("/x", { method: "POST", body: "{}" }), user, bad, AuthTokenError];',
      ].join("\n"),
    );
    const files = ["api-client/index.ts", "api-client/token-cache.ts", "api-client/user.ts", "consumer.ts"];
    expect(tsc(dir, files)).toBe(""); // default libs (DOM included), as in a browser app
    expect(tsc(dir, files, ["--lib", "es2022"])).toBe(""); // server-only app: fetch types come from @types/node
  }, 60_000);
});

describe("api client (axios)", () => {
  it("typechecks under strict NodeNext", () => {
    const axiosDir = makeProject(["api-client-common", "api-client-axios"]);
    try {
      expect(tsc(axiosDir, ["api-client/index.ts", "api-client/token-cache.ts", "api-client/user.ts"])).toBe("");
    } finally {
      fs.rmSync(axiosDir, { recursive: true, force: true });
    }
  }, 60_000);
});
