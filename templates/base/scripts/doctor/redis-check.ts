// Redis answers when REDIS_URL is set: AUTH (when the URL has credentials) and PING over a plain
// socket, so the check needs no Redis client installed.
import { connect as tcp, type Socket } from "node:net";
import { connect as tls } from "node:tls";
import { fail, pass, type Check } from "./report.js";

const command = (...args: string[]) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;

function exchange(url: URL, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const port = Number(url.port || 6379);
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const socket: Socket = url.protocol === "rediss:" ? tls({ host, port, servername: host }) : tcp({ host, port });
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    const auth = password ? command("AUTH", ...(user ? [user] : []), password) : "";
    const expected = (auth ? 1 : 0) + 1;
    let replies = "";
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    socket.on("error", reject);
    socket.on("data", (chunk) => {
      replies += chunk.toString();
      const lines = replies.split("\r\n").filter(Boolean);
      if (lines.some((l) => l.startsWith("-")) || lines.length >= expected) {
        socket.end();
        resolve(lines.find((l) => l.startsWith("-")) ?? lines[lines.length - 1]);
      }
    });
    socket.once(url.protocol === "rediss:" ? "secureConnect" : "connect", () => socket.write(auth + command("PING")));
  });
}

export async function redisCheck(redisUrl: string | undefined, timeoutMs = 3000): Promise<Check | null> {
  if (!redisUrl) return null;
  const fix = "start Redis or correct REDIS_URL (redis://[user:password@]host:6379)";
  let url: URL;
  try {
    url = new URL(redisUrl);
  } catch {
    return fail("redis", "REDIS_URL is not a valid URL.", fix);
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") return fail("redis", "REDIS_URL must start with redis:// or rediss://.", fix);
  try {
    const reply = await exchange(url, timeoutMs);
    if (reply === "+PONG") return pass("redis", `Redis at ${url.host} answers.`);
    return fail("redis", `Redis at ${url.host} refused: ${reply.slice(1)}.`, "check the user and password in REDIS_URL");
  } catch (error) {
    return fail("redis", `Redis at ${url.host} is unreachable: ${(error as Error).message}.`, fix);
  }
}
