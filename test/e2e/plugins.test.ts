// Every plugin at once, for real: one generated project (PostgreSQL, Hono) with all of them installs
// with a plain `npm install`, type-checks, migrates, builds and starts; then each plugin's own flow
// runs against it, with emails read from the development outbox (and once from a real SMTP socket).
import { execa } from "execa";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PLUGINS } from "../../src/config/catalog.js";
import { Browser, cleanup, cli, freePort, freshPostgres, installCached, sh, sleep, startService, workDir, type Service } from "./harness.js";
import { mailTo, openLink, totp } from "./outbox.js";

const password = "Correct-horse-battery-9";
const tag = randomBytes(3).toString("hex");
const email = (name: string) => `${name}-${tag}@example.com`;

// ---- A minimal SMTP server: enough of RFC 5321 for nodemailer to deliver one plain-text message.
function fakeSmtp() {
  const messages: string[] = [];
  const server = createServer((socket) => {
    let buffer = "";
    let inData = false;
    socket.write("220 localhost test SMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          messages.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write("250 queued\r\n");
          continue;
        }
        const eol = buffer.indexOf("\r\n");
        if (eol < 0) return;
        const verb = buffer.slice(0, 4).toUpperCase();
        buffer = buffer.slice(eol + 2);
        if (verb === "DATA") {
          inData = true;
          socket.write("354 go ahead\r\n");
        } else if (verb === "QUIT") socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n"); // EHLO (no extensions, so no STARTTLS), MAIL, RCPT, RSET
      }
    });
  });
  return {
    messages,
    listen: () => new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Quoted-printable bodies (soft line breaks, =XX escapes) back to text. */
const unQuotedPrintable = (s: string) => s.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

describe("all plugins together (PostgreSQL, Hono)", () => {
  const dir = workDir("plugins-all");
  let db: Awaited<ReturnType<typeof freshPostgres>> | undefined;
  let service: Service;
  const users = { alice: email("alice"), bob: email("bob"), carol: email("carol") };
  const ids: Record<string, string> = {};
  const alice = () => browsers.alice;
  const browsers: Record<string, Browser> = {};
  /** When the last email sign-up or sign-in happened: their rate limit allows 3 per 10 s. */
  let lastPasswordAuth = 0;

  afterAll(async () => {
    if (service) expect(await service.stop(), `graceful shutdown\n${service.logs()}`).toBe(0);
    await db?.drop();
    cleanup(dir);
  });

  it("installs with a plain npm install, type-checks, migrates, builds and starts", { timeout: 6 * 60_000 }, async () => {
    db = await freshPostgres("cas_e2e_plugins");
    const run = await cli([
      dir, "--database", "postgres", "--database-url", db.url, "--plugins", PLUGINS.join(","),
      "--backend", "none", "--api-client", "none", "--no-install", "--no-migrate", "--no-git", "--yes",
    ]);
    expect(run.exitCode, run.all).toBe(0);
    await installCached(dir); // `npm install` without --legacy-peer-deps (the package.json's overrides do the work)
    await sh(dir, "npm", ["ls", "--all"]); // exit 1 on any invalid or missing peer
    await sh(dir, "npm", ["run", "typecheck"]);
    expect(await sh(dir, "npm", ["run", "db:migrate"])).toMatch(/Migrated: \d+ table\(s\) created/);
    await sh(dir, "npm", ["run", "db:check"]);
    await sh(dir, "npm", ["run", "build"]);
    service = await startService(dir, ["node", "dist/server.js"]);
    for (const name of ["alice", "bob", "carol"]) browsers[name] = new Browser(service.url);
  });

  it("signs up three users (carol with a username); each gets a verification email", async () => {
    for (const name of ["alice", "bob", "carol"] as const) {
      const extra = name === "carol" ? { username: `carol_${tag}` } : {};
      const res = await browsers[name].request("POST", "/api/auth/sign-up/email", { email: users[name], password, name, ...extra });
      expect(res.status, res.text).toBe(200);
      ids[name] = res.json.user.id;
      expect((await mailTo(dir, users[name], /Verify your email/)).data?.url).toContain("/api/auth/verify-email?token=");
    }
    lastPasswordAuth = Date.now();
  });

  it("email verification: the emailed link marks the address verified", async () => {
    const mail = await mailTo(dir, users.carol, /Verify your email/);
    expect((await openLink(new Browser(service.url), mail.data!.url)).status).toBe(302);
    // Read past carol's 60 s session cookie cache, which would show the change within a minute.
    expect((await browsers.carol.request("GET", "/api/auth/get-session?disableCookieCache=true")).json.user.emailVerified).toBe(true);
  });

  it("two-factor: enable with a TOTP code, then sign-in needs one (a wrong one is refused)", async () => {
    const bob = browsers.bob;
    const enable = await bob.request("POST", "/api/auth/two-factor/enable", { password });
    expect(enable.status, enable.text).toBe(200);
    const secret = new URL(enable.json.totpURI).searchParams.get("secret")!;
    expect(enable.json.backupCodes.length).toBeGreaterThan(0);
    const confirm = await bob.request("POST", "/api/auth/two-factor/verify-totp", { code: totp(secret) });
    expect(confirm.status, confirm.text).toBe(200);
    expect((await bob.request("GET", "/api/auth/get-session")).json.user.twoFactorEnabled).toBe(true);

    const second = new Browser(service.url);
    const signIn = await second.request("POST", "/api/auth/sign-in/email", { email: users.bob, password });
    expect(signIn.status, signIn.text).toBe(200);
    expect(signIn.json.twoFactorRedirect).toBe(true);
    lastPasswordAuth = Date.now();
    expect((await second.request("GET", "/api/auth/get-session")).json).toBeNull();
    const good = totp(secret);
    const wrong = String((Number(good) + 500_000) % 1_000_000).padStart(6, "0");
    expect((await second.request("POST", "/api/auth/two-factor/verify-totp", { code: wrong })).status).toBe(401);
    const verified = await second.request("POST", "/api/auth/two-factor/verify-totp", { code: totp(secret) });
    expect(verified.status, verified.text).toBe(200);
    expect((await second.request("GET", "/api/auth/get-session")).json.user.email).toBe(users.bob);
    browsers.bob = second;
  });

  it("username: sign-in with the username", async () => {
    const res = await new Browser(service.url).request("POST", "/api/auth/sign-in/username", { username: `carol_${tag}`, password });
    expect(res.status, res.text).toBe(200);
    expect(res.json.user.email).toBe(users.carol);
  });

  it("admin: the first admin via admin:grant; lists users, sets a role; a non-admin is refused", async () => {
    const nobody = await execa("npm", ["run", "admin:grant", "--", email("nobody")], { cwd: dir, reject: false, all: true });
    expect(nobody.exitCode).toBe(1);
    expect(nobody.all).toContain("no user with email");
    expect(await sh(dir, "npm", ["run", "admin:grant", "--", users.alice])).toContain("is now an admin");

    const list = await alice().request("GET", "/api/auth/admin/list-users?limit=100");
    expect(list.status, list.text).toBe(200);
    expect(list.json.users.map((u: { email: string }) => u.email)).toEqual(expect.arrayContaining(Object.values(users)));
    const setRole = await alice().request("POST", "/api/auth/admin/set-role", { userId: ids.bob, role: "admin" });
    expect(setRole.status, setRole.text).toBe(200);
    expect(setRole.json.user.role).toBe("admin");
    expect((await browsers.bob.request("GET", "/api/auth/admin/list-users")).status, "bob is an admin now").toBe(200);
    expect([401, 403]).toContain((await browsers.carol.request("GET", "/api/auth/admin/list-users")).status);
    expect([401, 403]).toContain((await browsers.carol.request("POST", "/api/auth/admin/set-role", { userId: ids.carol, role: "admin" })).status);
  });

  it("organization: create, invite by email, the invitee accepts and becomes a member", async () => {
    const org = await alice().request("POST", "/api/auth/organization/create", { name: "Acme", slug: `acme-${tag}` });
    expect(org.status, org.text).toBe(200);
    const invite = await alice().request("POST", "/api/auth/organization/invite-member", { email: users.carol, role: "member", organizationId: org.json.id });
    expect(invite.status, invite.text).toBe(200);
    const pending = await alice().request("GET", `/api/auth/organization/list-invitations?organizationId=${org.json.id}`);
    expect(pending.json).toEqual([expect.objectContaining({ id: invite.json.id, email: users.carol, status: "pending" })]);
    const mail = await mailTo(dir, users.carol, /Join Acme/);
    expect(mail.data?.invitationId).toBe(invite.json.id);
    expect(mail.text).toContain("alice invited you");

    const accept = await browsers.carol.request("POST", "/api/auth/organization/accept-invitation", { invitationId: mail.data!.invitationId });
    expect(accept.status, accept.text).toBe(200);
    const members = await alice().request("GET", `/api/auth/organization/list-members?organizationId=${org.json.id}`);
    expect(members.json.members.map((m: { userId: string }) => m.userId).sort()).toEqual([ids.alice, ids.carol].sort());
  });

  it("api-key: a created key authenticates a request on its own (x-api-key); a wrong key does not", async () => {
    const created = await alice().request("POST", "/api/auth/api-key/create", { name: "ci" });
    expect(created.status, created.text).toBe(200);
    const key: string = created.json.key;
    const asKey = await new Browser(service.url).request("GET", "/api/auth/get-session", undefined, { "x-api-key": key });
    expect(asKey.status, asKey.text).toBe(200);
    expect(asKey.json.user.email).toBe(users.alice);
    const wrong = await new Browser(service.url).request("GET", "/api/auth/get-session", undefined, { "x-api-key": key.slice(0, -4) + "zzzz" });
    expect([401, 403]).toContain(wrong.status);
    expect((await new Browser(service.url).request("GET", "/api/auth/get-session")).json).toBeNull();
  });

  it("password reset: the emailed link leads to a new password; old sessions and password stop working", async () => {
    const ask = await new Browser(service.url).request("POST", "/api/auth/request-password-reset", { email: users.carol, redirectTo: "/reset" });
    expect(ask.status, ask.text).toBe(200);
    const link = await openLink(new Browser(service.url), (await mailTo(dir, users.carol, /Reset your password/)).data!.url);
    expect(link.status).toBe(302);
    const token = new URL(link.headers.get("location")!, service.url).searchParams.get("token")!;
    const newPassword = "Another-horse-battery-7";
    const reset = await new Browser(service.url).request("POST", "/api/auth/reset-password", { token, newPassword });
    expect(reset.status, reset.text).toBe(200);
    // Revoked in the database at once; a browser's signed cache cookie passes for at most 60 s more.
    expect((await browsers.carol.request("GET", "/api/auth/get-session?disableCookieCache=true")).json, "sessions revoked").toBeNull();
    const username = `carol_${tag}`;
    expect((await new Browser(service.url).request("POST", "/api/auth/sign-in/username", { username, password })).status).toBe(401);
    expect((await new Browser(service.url).request("POST", "/api/auth/sign-in/username", { username, password: newPassword })).status).toBe(200);
  });

  it("openapi: the reference page and the schema (with the plugins' endpoints) are served", async () => {
    const page = await fetch(`${service.url}/api/auth/reference`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/<html/i);
    const schema = await (await fetch(`${service.url}/api/auth/open-api/generate-schema`)).json();
    expect(Object.keys(schema.paths)).toEqual(expect.arrayContaining(["/sign-in/magic-link", "/sign-in/email-otp", "/api-key/create", "/sign-in/anonymous", "/passkey/generate-register-options"]));
  });

  it("magic link and email OTP sign two accounts into one browser; multi-session lists and switches them", async () => {
    const browser = new Browser(service.url);
    const [mia, otto] = [email("mia"), email("otto")];
    const ask = await browser.request("POST", "/api/auth/sign-in/magic-link", { email: mia, callbackURL: "/welcome" });
    expect(ask.status, ask.text).toBe(200);
    const link = await openLink(browser, (await mailTo(dir, mia, /sign-in link/)).data!.url);
    expect(link.status).toBe(302);
    expect(new URL(link.headers.get("location")!, service.url).pathname).toBe("/welcome");
    const miaSession = await browser.request("GET", "/api/auth/get-session");
    expect(miaSession.json.user.email).toBe(mia);

    const send = await browser.request("POST", "/api/auth/email-otp/send-verification-otp", { email: otto, type: "sign-in" });
    expect(send.status, send.text).toBe(200);
    const { otp } = (await mailTo(dir, otto, /sign-in code/)).data!;
    expect(otp).toMatch(/^\d{6}$/);
    const wrong = String((Number(otp) + 1) % 1_000_000).padStart(6, "0");
    expect((await browser.request("POST", "/api/auth/sign-in/email-otp", { email: otto, otp: wrong })).status).toBe(400);
    const signIn = await browser.request("POST", "/api/auth/sign-in/email-otp", { email: otto, otp });
    expect(signIn.status, signIn.text).toBe(200);
    expect((await browser.request("GET", "/api/auth/get-session")).json.user.email).toBe(otto);

    const sessions = await browser.request("GET", "/api/auth/multi-session/list-device-sessions");
    expect(sessions.status, sessions.text).toBe(200);
    expect(sessions.json.map((s: { user: { email: string } }) => s.user.email).sort()).toEqual([mia, otto].sort());
    const switched = await browser.request("POST", "/api/auth/multi-session/set-active", { sessionToken: miaSession.json.session.token });
    expect(switched.status, switched.text).toBe(200);
    expect((await browser.request("GET", "/api/auth/get-session")).json.user.email).toBe(mia);
  });

  it("anonymous: a guest signs in without credentials", async () => {
    const guest = new Browser(service.url);
    const res = await guest.request("POST", "/api/auth/sign-in/anonymous", {});
    expect(res.status, res.text).toBe(200);
    const session = await guest.request("GET", "/api/auth/get-session");
    expect(session.json.user.isAnonymous).toBe(true);
  });

  it("passkey: registration options name the relying party from PASSKEY_RP_ID and the app", async () => {
    const options = await alice().request("GET", "/api/auth/passkey/generate-register-options");
    expect(options.status, options.text).toBe(200);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    expect(options.json.rp).toEqual({ id: "localhost", name: pkg.name });
    expect(options.json.user.name).toBe(users.alice);
  });

  it("SMTP: with SMTP_URL set, the sign-in link goes out over SMTP and works", { timeout: 60_000 }, async () => {
    const smtp = fakeSmtp();
    const port = await smtp.listen();
    const second = await startService(dir, ["node", "dist/server.js"], { SMTP_URL: `smtp://127.0.0.1:${port}` });
    try {
      const to = email("smtp");
      const ask = await new Browser(second.url).request("POST", "/api/auth/sign-in/magic-link", { email: to, callbackURL: "/" });
      expect(ask.status, ask.text).toBe(200);
      for (let i = 0; i < 50 && smtp.messages.length === 0; i++) await sleep(100);
      expect(smtp.messages).toHaveLength(1);
      const message = unQuotedPrintable(smtp.messages[0]);
      expect(message).toMatch(new RegExp(`^To: ${to}$`, "m"));
      expect(message).toMatch(/^From: no-reply@localhost$/m);
      expect(message).toMatch(/^Subject: Your sign-in link$/m);
      const url = /(http:\/\/\S+\/api\/auth\/magic-link\/verify\?\S+)/.exec(message)![1];
      const browser = new Browser(second.url);
      expect((await openLink(browser, url)).status).toBe(302);
      expect((await browser.request("GET", "/api/auth/get-session")).json.user.email).toBe(to);
    } finally {
      expect(await second.stop(), second.logs()).toBe(0);
      await smtp.close();
    }
  });

  it("the project's own smoke test passes with every plugin on", { timeout: 60_000 }, async () => {
    await sleep(Math.max(0, lastPasswordAuth + 10_500 - Date.now()));
    const smoke = await execa("npm", ["run", "smoke"], { cwd: dir, reject: false, all: true, env: { BASE_URL: service.url } });
    expect(smoke.exitCode, smoke.all).toBe(0);
    expect(smoke.all).toContain("Smoke test passed");
  });

  it("refuses to start in production without SMTP_URL", { timeout: 60_000 }, async () => {
    const run = await execa("node", ["dist/server.js"], {
      cwd: dir, reject: false, all: true, timeout: 30_000, env: { NODE_ENV: "production", PORT: String(await freePort()) },
    });
    expect(run.exitCode, run.all).not.toBe(0);
    expect(run.all).toContain("SMTP_URL is not set");
  });
});
