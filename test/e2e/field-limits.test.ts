// Custom field values are bounded in a running service: an over-long value is refused at sign-up
// and update-user (Better Auth's field validators), long text and JSON stay out of the JWT, and the
// session keeps working. Field names that are Python keywords or `self` work in the FastAPI module.
import { execa } from "execa";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { typechecksAndBuilds } from "./auth-flow.js";
import { Browser, cleanup, cli, fillInstallCache, PYTHON, startService, workDir } from "./harness.js";

const TEN_MINUTES = 10 * 60_000;

/**
 * The status of a request that must be refused, or "closed": a 10 MB body may meet the service's
 * body-size cap, which answers 413 and closes the connection, sometimes before the upload ends.
 */
async function refusal(request: Promise<{ status: number; text: string }>): Promise<number | "closed"> {
  try {
    return (await request).status;
  } catch (error) {
    expect(String((error as Error & { cause?: unknown }).cause ?? error)).toMatch(/EPIPE|ECONNRESET|other side closed|socket/i);
    return "closed";
  }
}
const isRefusal = (status: number | "closed") => status === "closed" || (status >= 400 && status < 500);
const TEN_MB = "x".repeat(10 * 1024 * 1024);
const password = "Correct-horse-battery-9";

describe("field value limits (SQLite, Hono, FastAPI module)", () => {
  const dir = workDir("field-limits");
  afterAll(() => cleanup(dir));

  it("refuses over-long values at sign-up and update-user, and keeps tokens small", { timeout: TEN_MINUTES }, async () => {
    const run = await cli([
      dir, "--yes", "--no-git", "--backend", "fastapi",
      "--field", "self:string", "--field", "class:string:optional", "--field", "level:number:default=7",
      "--field", "bio:string:text:optional", "--field", "prefs:json:optional:max=1024",
    ]);
    expect(run.exitCode, run.all).toBe(0);
    fillInstallCache(dir);
    await typechecksAndBuilds(dir);

    // The FastAPI module's offline suite, with claims named `self` and `class` and an integer claim.
    const pytest = await execa(PYTHON, ["-m", "pytest", "-q", "-p", "no:cacheprovider"], { cwd: join(dir, "backend"), reject: false, all: true });
    expect(pytest.exitCode, pytest.all).toBe(0);
    expect(pytest.all).toMatch(/\d+ passed/);

    const service = await startService(dir, ["node", "dist/server.js"]);
    try {
      const email = `limits-${Date.now()}@example.com`;
      const signUp = (extra: Record<string, unknown>) =>
        new Browser(service.url).request("POST", "/api/auth/sign-up/email", { email, password, name: "Lim", self: "me", ...extra });

      // Sign-up and sign-in allow 3 requests per 10 s: these three are the whole budget.
      expect(isRefusal(await refusal(signUp({ self: TEN_MB }))), "10 MB at sign-up").toBe(true);
      const over = await signUp({ self: "s".repeat(256) });
      expect(over.status, over.text).toBe(400);
      expect(over.json).toMatchObject({ code: "VALIDATION_ERROR", message: "self must be text of at most 255 characters" });

      const user = new Browser(service.url);
      const bio = "b".repeat(60_000);
      const ok = await user.request("POST", "/api/auth/sign-up/email", { email, password, name: "Lim", self: "me", class: "c", bio, prefs: { theme: "dark" } });
      expect(ok.status, ok.text.slice(0, 300)).toBe(200);
      expect(ok.json.user).toMatchObject({ self: "me", class: "c", level: 7, prefs: { theme: "dark" } });

      expect(isRefusal(await refusal(user.request("POST", "/api/auth/update-user", { self: TEN_MB }))), "10 MB at update-user").toBe(true);
      for (const [body, message] of [
        [{ self: "s".repeat(256) }, "self must be text of at most 255 characters"],
        [{ level: 7.5 }, "level must be a whole number from -2147483648 to 2147483647"],
        [{ level: "7" }, "level must be a whole number from -2147483648 to 2147483647"],
        [{ bio: "b".repeat(65_536) }, "bio must be text of at most 65535 characters"],
        [{ prefs: { blob: "p".repeat(2000) } }, "prefs must be at most 1024 bytes as JSON"],
      ] as const) {
        const res = await user.request("POST", "/api/auth/update-user", body);
        const label = `update-user ${Object.keys(body)[0]}`;
        expect(res.status, `${label}: ${res.text.slice(0, 200)}`).toBe(400);
        expect(res.json, label).toMatchObject({ code: "VALIDATION_ERROR", message });
      }
      const fine = await user.request("POST", "/api/auth/update-user", { self: "me2", level: 8 });
      expect(fine.status, fine.text).toBe(200);

      // Nothing over-long was stored: the session still answers, with the last good values.
      const session = await user.request("GET", "/api/auth/get-session");
      expect(session.status).toBe(200);
      expect(session.json.user).toMatchObject({ self: "me2", level: 8, bio });

      // The JWT carries the short fields only (60 KB of bio and the JSON stay out).
      const token = await user.request("GET", "/api/auth/token");
      expect(token.status, token.text.slice(0, 200)).toBe(200);
      const jwt: string = token.json.token;
      const claims = JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString());
      expect(claims).toMatchObject({ self: "me2", class: "c", level: 8 });
      expect(claims).not.toHaveProperty("bio");
      expect(claims).not.toHaveProperty("prefs");
      expect(jwt.length).toBeLessThan(2048);

      // The real token passes the FastAPI module's live checks, claims named `self` and `class` included.
      const live = await execa(
        PYTHON,
        ["tests/live_check.py", "--base-url", service.url, "--token", jwt, "--other-user-id", "someone-else", "--expect-claim", "self=me2", "--expect-claim", "class=c", "--expect-claim", "level=8"],
        { cwd: join(dir, "backend"), reject: false, all: true },
      );
      expect(live.all).toContain("PASS real token accepted by get_current_user");
      expect(live.all).toContain("PASS claim level == 8");
      expect(live.exitCode, live.all).toBe(0);
    } finally {
      expect(await service.stop(), `graceful shutdown\n${service.logs()}`).toBe(0);
    }
  });
});
