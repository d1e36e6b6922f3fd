// Rate limits are counted per client IP. Better Auth reads the IP from a header, so the server
// resolves the address itself and writes it to this header, overwriting anything a client sent:
// nobody can dodge a limit by inventing an address.
//
// The address is the TCP peer's, unless that peer is one of TRUSTED_PROXIES: then X-Forwarded-For
// is walked from the right (each proxy appends the address it saw), skipping trusted hops, and the
// first untrusted hop is the client. A header sent straight to the service is never believed.
export const CLIENT_IP_HEADER = "x-auth-service-client-ip";

/** A parsed IP range: the network's bytes (4 for IPv4, 16 for IPv6) and its prefix length. */
export interface Network {
  bytes: number[];
  prefix: number;
}

/** An address without brackets, port or zone (`[::1]:443`, `10.0.0.1:5000`, `fe80::1%eth0`). */
function bare(address: string): string {
  let a = address.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":"));
  const zone = a.indexOf("%");
  return zone === -1 ? a : a.slice(0, zone);
}

function ipv4Bytes(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

function ipv6Bytes(text: string): number[] | null {
  if (!/^[0-9a-f:.]+$/i.test(text)) return null;
  let head = text;
  let tail: number[] = [];
  // An embedded IPv4 address (::ffff:192.0.2.1) fills the last 32 bits.
  if (text.includes(".")) {
    const lastColon = text.lastIndexOf(":");
    const v4 = ipv4Bytes(text.slice(lastColon + 1));
    if (!v4) return null;
    tail = v4;
    head = text.slice(0, lastColon + 1);
    if (!head.endsWith("::")) head = head.slice(0, -1);
  }
  const need = (16 - tail.length) / 2;
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === "" ? [] : s.split(":"));
  const left = parse(halves[0]);
  const right = halves.length === 2 ? parse(halves[1]) : [];
  const fill = need - left.length - right.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return null;
  const groups = [...left, ...Array<string>(fill).fill("0"), ...right];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  return [...groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 255]), ...tail];
}

/** The bytes of an IP address; IPv4-mapped IPv6 (`::ffff:a.b.c.d`) as IPv4. Null if not an IP. */
export function ipBytes(address: string): number[] | null {
  const a = bare(address);
  if (!a.includes(":")) return ipv4Bytes(a);
  const bytes = ipv6Bytes(a);
  if (bytes && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255) return bytes.slice(12);
  return bytes;
}

/** The canonical spelling Better Auth gets: dotted IPv4 (also for mapped addresses) or the bare IPv6 text. */
export function normalizeIp(address: string): string | null {
  const bytes = ipBytes(address);
  if (!bytes) return null;
  return bytes.length === 4 ? bytes.join(".") : bare(address).toLowerCase();
}

/** Parse `10.0.0.0/8`, `192.0.2.7`, `2001:db8::/32`, `::1`; null for anything else. */
export function parseNetwork(entry: string): Network | null {
  const slash = entry.indexOf("/");
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const bytes = ipBytes(address);
  if (!bytes) return null;
  const max = bytes.length * 8;
  if (slash === -1) return { bytes, prefix: max };
  const prefixText = entry.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  let prefix = Number(prefixText);
  // A mapped IPv6 range (::ffff:10.0.0.0/104) was parsed as IPv4: shift its prefix.
  if (bytes.length === 4 && address.includes(":")) prefix -= 96;
  return prefix >= 0 && prefix <= max ? { bytes, prefix } : null;
}

/** TRUSTED_PROXIES entries → networks; throws naming the first entry that is not an IP or CIDR range. */
export function parseTrustedProxies(entries: string[]): Network[] {
  return entries.map((entry) => {
    const network = parseNetwork(entry);
    if (!network) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8, 2001:db8::/32).`);
    return network;
  });
}

export function inNetwork(address: string, network: Network): boolean {
  const bytes = ipBytes(address);
  if (!bytes || bytes.length !== network.bytes.length) return false;
  for (let bit = 0; bit < network.prefix; bit += 8) {
    const take = Math.min(8, network.prefix - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((bytes[bit / 8] & mask) !== (network.bytes[bit / 8] & mask)) return false;
  }
  return true;
}

/** X-Forwarded-For as a header value (Node gives repeated headers joined, or as a list). */
type Forwarded = string | string[] | null | undefined;

export const isTrusted = (address: string, trusted: Network[]) => trusted.some((n) => inNetwork(address, n));

/**
 * Walk X-Forwarded-For from the right, past trusted hops. Returns the first untrusted hop, or the
 * leftmost one when every hop is trusted; `fallback` when the header is empty or its nearest entry
 * is not an address; stops at a malformed entry with the last address it could check.
 */
function walkForwarded(forwardedFor: Forwarded, trusted: Network[], fallback: string | null): string | null {
  const hops = [forwardedFor ?? ""].flat().join(",").split(",").map((h) => h.trim()).filter(Boolean);
  let client = fallback;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeIp(hops[i]);
    if (!hop) break;
    client = hop;
    if (!isTrusted(hop, trusted)) break;
  }
  return client;
}

/**
 * The client address of a request that arrived on a socket whose peer is `peer`. X-Forwarded-For
 * counts only when the peer is a trusted proxy. Null when the socket has no address (it closed):
 * the caller refuses such a request rather than counting it in a bucket shared with others.
 */
export function resolveClientIp(peer: string | undefined, forwardedFor: Forwarded, trusted: Network[]): string | null {
  const socket = peer ? normalizeIp(peer) : null;
  if (!socket) return null;
  if (!trusted.length || !isTrusted(socket, trusted)) return socket;
  return walkForwarded(forwardedFor, trusted, socket);
}

/**
 * For hosts that hide the socket (Next.js route handlers): `next start` fills X-Forwarded-For with
 * the socket address only when the request has none, so the rightmost entry is either the peer's
 * address or the nearest proxy's report. With TRUSTED_PROXIES the chain is walked past them.
 */
export function resolveForwardedClientIp(forwardedFor: Forwarded, trusted: Network[]): string | null {
  return walkForwarded(forwardedFor, trusted, null);
}
