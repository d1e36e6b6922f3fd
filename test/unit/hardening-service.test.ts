// The generated service's own defences, as pure functions and as rendered files: client address
// behind proxies, body size cap, port and secret checks, file modes, .env quoting, ignored files.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/resolve.js";
import type { PartialConfig } from "../../src/config/schema.js";
import { commitTree, planCommit } from "../../src/render/commit.js";
import { newSecret, quoteEnvValue, renderEnvFile } from "../../src/render/env-file.js";
import { renderProject } from "../../src/render/project.js";
import { readBodyWithin } from "../../templates/base/src/body-limit.js";
import {
  inNetwork,
  normalizeIp,
  parseNetwork,
  parseTrustedProxies,
  resolveClientIp,
  resolveForwardedClientIp,
} from "../../templates/base/src/client-ip.js";
import { secretWeakness } from "../../templates/base/src/secret-strength.js";

const render = (partial: PartialConfig = {}) => renderProject(resolveConfig({ projectName: "my-auth", ...partial }).config, { toolVersion: "9.9.9" });

/** A value with every character the .env readers treat specially. */
export const NASTY = "p$ss `w0rd` 'single' \"double\" #hash \\back slash";

describe("client address", () => {
  const proxies = parseTrustedProxies(["10.0.0.0/8", "2001:db8::/32", "192.0.2.7"]);

  it("parses IPv4, IPv6, IPv4-mapped IPv6 and CIDR ranges", () => {
    expect(normalizeIp("::ffff:10.1.2.3")).toBe("10.1.2.3");
    expect(normalizeIp("::FFFF:a01:203")).toBe("10.1.2.3");
    expect(normalizeIp("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normalizeIp("203.0.113.9:5000")).toBe("203.0.113.9");
    expect(normalizeIp("fe80::1%eth0")).toBe("fe80::1");
    for (const bad of ["", "1.2.3", "1.2.3.256", "::1::2", "1:2:3:4:5:6:7:8:9", "example.com", "1.2.3.4/8", "12345::"]) expect(normalizeIp(bad), bad).toBeNull();
    expect(inNetwork("10.200.0.1", parseNetwork("10.0.0.0/8")!)).toBe(true);
    expect(inNetwork("11.0.0.1", parseNetwork("10.0.0.0/8")!)).toBe(false);
    expect(inNetwork("::ffff:10.9.9.9", parseNetwork("10.0.0.0/8")!), "mapped address in an IPv4 range").toBe(true);
    expect(inNetwork("10.9.9.9", parseNetwork("::ffff:10.0.0.0/104")!), "IPv4 address in a mapped range").toBe(true);
    expect(inNetwork("2001:db8:ffff::1", parseNetwork("2001:db8::/32")!)).toBe(true);
    expect(inNetwork("2001:db9::1", parseNetwork("2001:db8::/32")!)).toBe(false);
    expect(inNetwork("192.168.1.129", parseNetwork("192.168.1.128/25")!)).toBe(true);
    expect(inNetwork("192.168.1.127", parseNetwork("192.168.1.128/25")!)).toBe(false);
    expect(inNetwork("1.2.3.4", parseNetwork("0.0.0.0/0")!)).toBe(true);
    expect(inNetwork("::1", parseNetwork("0.0.0.0/0")!), "families never mix").toBe(false);
    expect(() => parseTrustedProxies(["10.0.0.0/33"])).toThrow(/TRUSTED_PROXIES: "10.0.0.0\/33" is not an IP address or CIDR range/);
    expect(() => parseTrustedProxies(["proxy.internal"])).toThrow(/proxy\.internal/);
  });

  it("uses the socket address unless the socket peer is a trusted proxy", () => {
    // No proxies configured: the header means nothing.
    expect(resolveClientIp("203.0.113.5", "198.51.100.1", [])).toBe("203.0.113.5");
    // A direct client (not a proxy) rotating X-Forwarded-For keeps its own address.
    expect(resolveClientIp("203.0.113.5", "198.51.100.1", proxies)).toBe("203.0.113.5");
    expect(resolveClientIp("::ffff:203.0.113.5", "198.51.100.2", proxies)).toBe("203.0.113.5");
  });

  it("walks X-Forwarded-For from the right past trusted hops when a proxy forwards", () => {
    expect(resolveClientIp("10.0.0.2", "198.51.100.1", proxies)).toBe("198.51.100.1");
    // A client-forged left part is never reached: the first untrusted hop from the right wins.
    expect(resolveClientIp("10.0.0.2", "1.1.1.1, 198.51.100.1, 10.0.0.9", proxies)).toBe("198.51.100.1");
    expect(resolveClientIp("::ffff:10.0.0.2", "2001:db9::5, 2001:db8:1::7", proxies), "IPv6 hops skipped").toBe("2001:db9::5");
    expect(resolveClientIp("10.0.0.2", ["198.51.100.3", "10.0.0.8"], proxies), "repeated headers").toBe("198.51.100.3");
    // Every hop trusted: the farthest one is the client.
    expect(resolveClientIp("10.0.0.2", "10.0.0.7, 192.0.2.7", proxies)).toBe("10.0.0.7");
    // The proxy sent no header: its own address, never a bucket shared with everyone else.
    expect(resolveClientIp("10.0.0.2", undefined, proxies)).toBe("10.0.0.2");
    // A malformed hop: the last address that could be checked.
    expect(resolveClientIp("10.0.0.2", "198.51.100.1, garbage, 10.0.0.9", proxies)).toBe("10.0.0.9");
  });

  it("never answers with a shared or empty address", () => {
    expect(resolveClientIp(undefined, "198.51.100.1", proxies)).toBeNull();
    expect(resolveClientIp("", "198.51.100.1", [])).toBeNull();
  });

  it("resolves Next.js requests from the forwarded chain only", () => {
    // `next start` fills the header from the socket when the request has none.
    expect(resolveForwardedClientIp("::ffff:127.0.0.1", [])).toBe("127.0.0.1");
    expect(resolveForwardedClientIp("1.1.1.1, 198.51.100.1, 10.0.0.9", proxies)).toBe("198.51.100.1");
    expect(resolveForwardedClientIp("1.1.1.1, 198.51.100.1", []), "the nearest entry, not the client-written left end").toBe("198.51.100.1");
    expect(resolveForwardedClientIp(null, proxies)).toBeNull();
    expect(resolveForwardedClientIp("garbage", [])).toBeNull();
  });
});

describe("body size cap", () => {
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    new Request("http://localhost/api/auth/sign-up/email", { method: "POST", body, headers, duplex: "half" } as RequestInit);

  it("refuses a declared Content-Length above the cap before reading a byte", async () => {
    let pulled = false;
    const stream = new ReadableStream({ pull: () => void (pulled = true) }, { highWaterMark: 0 });
    const res = await readBodyWithin(post(stream, { "content-length": "209715200" }), 1024);
    expect(res).toBeInstanceOf(Response);
    expect((res as Response).status).toBe(413);
    expect((res as Response).headers.get("connection")).toBe("close");
    expect(pulled, "the body was not touched").toBe(false);
  });

  it("stops a chunked upload at the first chunk past the cap", async () => {
    let chunks = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        chunks++;
        controller.enqueue(new Uint8Array(512)); // endless
      },
    });
    const res = await readBodyWithin(post(stream), 2048);
    expect((res as Response).status).toBe(413);
    expect(chunks).toBeLessThan(10);
  });

  it("passes a body within the cap through unchanged", async () => {
    const res = await readBodyWithin(post(JSON.stringify({ email: "a@example.com" }), { "content-type": "application/json" }), 1024);
    expect(res).toBeInstanceOf(Request);
    expect(await (res as Request).json()).toEqual({ email: "a@example.com" });
  });
});

describe("secret strength (production)", () => {
  it("accepts what openssl and the generator produce", () => {
    for (let i = 0; i < 200; i++) {
      expect(secretWeakness(newSecret())).toBeNull();
      expect(secretWeakness(randomBytes(32).toString("base64"))).toBeNull();
      expect(secretWeakness(randomBytes(32).toString("hex"))).toBeNull();
    }
  });

  it("refuses repeated characters, whitespace, placeholders and low entropy, not only short secrets", () => {
    expect(secretWeakness("a".repeat(64))).toMatch(/repeated|repeats/);
    expect(secretWeakness("abcd".repeat(10))).toMatch(/pattern repeated/);
    expect(secretWeakness("Kx9 fP2q Lm7z Rt4w Yb8n Hc3v Gd6s Je1k")).toMatch(/whitespace/);
    expect(secretWeakness("change-me-please-to-a-real-secret-value-123")).toMatch(/placeholder/);
    expect(secretWeakness("CHANGEME_8f3k2m9x7q1w5e4r6t0y2u8i3o")).toMatch(/placeholder/);
    expect(secretWeakness("your-secret-goes-here-0123456789abcdef")).toMatch(/placeholder/);
    expect(secretWeakness("0101010101100110101001011010011010101")).toMatch(/distinct/);
    expect(secretWeakness("aaaaabaaaaacaaaaadaaaaaeaaaaafaaaaagaaaaahaaaaaiaaaaaj")).toMatch(/entropy/);
    expect(secretWeakness("short")).toMatch(/32 characters/);
  });
});

describe(".env files", () => {
  it("writes values that Node's parser reads back byte for byte", () => {
    const url = `postgres://app:${NASTY}@127.0.0.1:5432/auth`;
    const values = [NASTY.replace(/'/g, ""), NASTY.replace(/["\\]/g, ""), "plain-value", "two words", "it's", "say \"hi\" #1", "C:\\dir\\x", "$HOME", "50%"];
    for (const value of values) expect(parseEnv(`K=${quoteEnvValue("K", value)}`).K, value).toBe(value);
    // A URL with both quote characters cannot be quoted for every reader: percent-encoded instead,
    // which the database drivers decode back to the same password.
    const written = parseEnv(`K=${quoteEnvValue("K", url)}`).K!;
    expect(decodeURIComponent(new URL(written).password)).toBe(NASTY);
    expect(() => quoteEnvValue("K", NASTY)).toThrow(/K contains quotes, backslashes/);
    expect(() => quoteEnvValue("K", "${HOME}"), "python-dotenv would expand it").toThrow(/K contains/);
    expect(() => quoteEnvValue("K", "a\nb")).toThrow(/line break/);
  });

  it("renders a database URL with a hard password so that it round-trips", () => {
    const url = `postgres://app:${NASTY}@127.0.0.1:5432/auth`;
    const text = renderEnvFile([{ key: "DATABASE_URL", value: "{{databaseUrl}}" }, { key: "S", value: NASTY.replace(/'/g, "") }], "env", { databaseUrl: url });
    const parsed = parseEnv(text);
    expect(decodeURIComponent(new URL(parsed.DATABASE_URL!).password)).toBe(NASTY);
    expect(parsed.S).toBe(NASTY.replace(/'/g, ""));
  });

  it("marks .env and backend/.env 0600 in the tree and commits them so", async () => {
    const tree = await render();
    expect(tree.entry(".env")?.mode).toBe(0o600);
    expect(tree.entry("backend/.env")?.mode).toBe(0o600);
    expect(tree.entry(".env.example")?.mode).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), "cas-modes-"));
    try {
      commitTree(tree, dir, planCommit(tree, dir));
      expect(statSync(join(dir, ".env")).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, "backend/.env")).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, ".env.example")).mode & 0o077, "examples stay readable").not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("offers MAX_BODY_BYTES with its default", async () => {
    const env = parseEnv((await render()).read(".env")!);
    expect(env.MAX_BODY_BYTES).toBe("1048576");
  });
});

describe("rendered service", () => {
  it("git-ignores SQLite's side files", async () => {
    for (const framework of ["hono", "nextjs"] as const) {
      const ignore = (await render({ framework })).read(".gitignore")!.split("\n");
      for (const pattern of ["*.db", "*.db-wal", "*.db-shm", "*.db-journal", "data/"]) expect(ignore, `${framework}: ${pattern}`).toContain(pattern);
    }
  });

  it("defaults the port to the project's port, never to Number(\"\")", async () => {
    const env = (await render({ port: 4321 })).read("src/env.ts")!;
    expect(env).toContain("const DEFAULT_PORT = 4321;");
    expect(env).not.toMatch(/Number\(process\.env\.PORT \?\?/);
    expect(env).toContain("secretWeakness(value)");
  });

  it("lets Better Auth read only the address the server resolved", async () => {
    const auth = (await render()).read("src/auth.ts")!;
    expect(auth).toContain("ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] }");
    expect(auth).not.toContain('"x-forwarded-for"');
  });

  it("resolves the client address and caps bodies in every framework", async () => {
    for (const framework of ["hono", "express", "fastify"] as const) {
      const server = (await render({ framework })).read("src/server.ts")!;
      expect(server, framework).toContain("resolveClientIp(");
      expect(server, framework).toContain("env.trustedProxyNetworks");
      expect(server, framework).toContain("env.MAX_BODY_BYTES");
    }
    const route = (await render({ framework: "nextjs" })).read("src/app/api/auth/[...all]/route.ts")!;
    expect(route).toContain("resolveForwardedClientIp(");
    expect(route).toContain("readBodyWithin(request, env.MAX_BODY_BYTES)");
  });
});
