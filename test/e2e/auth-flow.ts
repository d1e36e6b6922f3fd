// The checks every generated service must pass once it runs: the generated smoke test, custom
// fields that cannot be forged, the FastAPI module against the real JWT, and the rate limit.
import { execa } from "execa";
import { join } from "node:path";
import { expect } from "vitest";
import { Browser, PYTHON, readEnv, sh, sleep, type Service } from "./harness.js";

export interface FlowExpectations {
  /** Sent at sign-up, including privileged values that must be ignored. */
  signUpExtras: Record<string, unknown>;
  /** What the user (and the JWT) must carry after sign-up. */
  expectedClaims: Record<string, unknown>;
  /** What the user must carry but the JWT must not (JSON and long text fields). */
  userOnly?: Record<string, unknown>;
}

const password = "Correct-horse-battery-9";

export async function provesAuthFlow(dir: string, service: Service, expectations: FlowExpectations): Promise<void> {
  // 1. The project's own smoke test (health, sign-up with fields, sign-in, session, JWT, JWKS, sign-out).
  const smoke = await execa("npm", ["run", "smoke"], { cwd: dir, reject: false, all: true, env: { BASE_URL: service.url } });
  expect(smoke.exitCode, smoke.all).toBe(0);
  expect(smoke.all).toContain("Smoke test passed");

  // The smoke test used sign-up and sign-in; let their 10 s rate-limit windows pass.
  await sleep(10_500);

  // 2. Two users; the first tries to make itself admin at sign-up. Better Auth either ignores the
  // value (custom fields with input: false) or refuses the request (the admin plugin's role).
  const alice = new Browser(service.url);
  const email = `alice-${Date.now()}@example.com`;
  let a = await alice.request("POST", "/api/auth/sign-up/email", { email, password, name: "Alice", role: "admin", ...expectations.signUpExtras });
  if (a.status === 400) {
    expect(a.json?.code, a.text).toBe("FIELD_NOT_ALLOWED");
    a = await alice.request("POST", "/api/auth/sign-up/email", { email, password, name: "Alice", ...expectations.signUpExtras });
  }
  expect(a.status, a.text).toBe(200);
  expect(a.json.user.role ?? "user", "a forged role is never taken").toBe("user");
  for (const [k, v] of Object.entries(expectations.expectedClaims)) expect(a.json.user[k], `user.${k}`).toEqual(v);
  for (const [k, v] of Object.entries(expectations.userOnly ?? {})) expect(a.json.user[k], `user.${k}`).toEqual(v);
  const bob = new Browser(service.url);
  const b = await bob.request("POST", "/api/auth/sign-up/email", { email: `bob-${Date.now()}@example.com`, password, name: "Bob" });
  expect(b.status, b.text).toBe(200);

  // 3. A JWT for Alice through the bearer plugin (her session token, no cookie).
  const tokenRes = await new Browser(service.url).request("GET", "/api/auth/token", undefined, { authorization: `Bearer ${a.json.token}` });
  expect(tokenRes.status, tokenRes.text).toBe(200);
  const jwt: string = tokenRes.json.token;
  const claims = JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString());
  for (const [k, v] of Object.entries(expectations.expectedClaims)) expect(claims[k], `claim ${k}`).toEqual(v);
  for (const k of Object.keys(expectations.userOnly ?? {})) expect(claims, `no claim ${k}`).not.toHaveProperty(k);

  // 4. The generated FastAPI module: its own offline tests, then the live token.
  const pytest = await execa(PYTHON, ["-m", "pytest", "-q", "-p", "no:cacheprovider"], { cwd: join(dir, "backend"), reject: false, all: true });
  expect(pytest.exitCode, pytest.all).toBe(0);
  const secret = readEnv(dir).BETTER_AUTH_SECRET;
  // `--secret=`: a base64url secret may start with "-", which argparse would take for an option.
  const args = ["tests/live_check.py", "--base-url", service.url, "--token", jwt, "--other-user-id", b.json.user.id, `--secret=${secret}`];
  for (const [k, v] of Object.entries(expectations.expectedClaims)) args.push("--expect-claim", `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  const live = await execa(PYTHON, args, { cwd: join(dir, "backend"), reject: false, all: true });
  expect(live.exitCode, live.all).toBe(0);
  for (const check of ["no token", "tampered", "expired", "audience", "alg none", "HS256", "403"])
    expect(live.all?.toLowerCase(), `live check covers ${check}`).toContain(check.toLowerCase());

  // 5. Rate limit: the smoke test's sign-in is over 10 s old; the 4th sign-in within 10 s is refused.
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push((await new Browser(service.url).request("POST", "/api/auth/sign-in/email", { email: "nobody@example.com", password })).status);
  expect(statuses.slice(0, 3)).not.toContain(429);
  expect(statuses[3]).toBe(429);
}

export async function typechecksAndBuilds(dir: string): Promise<void> {
  await sh(dir, "npm", ["run", "typecheck"]);
  await sh(dir, "npm", ["run", "build"]);
  await sh(dir, "npm", ["run", "db:check"]);
}
