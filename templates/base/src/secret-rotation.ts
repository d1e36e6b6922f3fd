// Better Auth verifies signed session cookies (and signed bearer tokens) with the current secret
// only, so a rotation would sign everyone out. While the previous secrets are still configured,
// this re-signs a value that one of them signed with the current secret before Better Auth reads
// it; once a previous secret is removed, what it signed stops being accepted.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";

/** better-call's cookie signature: HMAC-SHA256, standard base64 (44 characters). */
const sign = (value: string, secret: string) => createHmac("sha256", secret).update(value).digest("base64");

function signedBy(value: string, signature: string, secret: string): boolean {
  const expected = Buffer.from(sign(value, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** `value.signature` signed by a previous secret → the same value signed by `current`; otherwise null. */
export function resign(signed: string, current: string, previous: string[]): string | null {
  const dot = signed.lastIndexOf(".");
  if (dot < 1) return null;
  const value = signed.slice(0, dot);
  const signature = signed.slice(dot + 1);
  if (signedBy(value, signature, current) || !previous.some((secret) => signedBy(value, signature, secret))) return null;
  return `${value}.${sign(value, current)}`;
}

const decode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

export function secretRotation(previous: string[]): BetterAuthPlugin {
  return {
    id: "secret-rotation",
    hooks: {
      before: [
        {
          matcher: (context) => {
            const headers = context.request?.headers ?? context.headers;
            return previous.length > 0 && Boolean(headers?.get("cookie") || headers?.get("authorization"));
          },
          handler: createAuthMiddleware(async (ctx) => {
            const headers = new Headers(ctx.request?.headers ?? ctx.headers);
            const current = ctx.context.secret;
            let changed = false;
            const name = ctx.context.authCookies.sessionToken.name;
            const cookies = (headers.get("cookie") ?? "").split(";").map((part) => {
              const eq = part.indexOf("=");
              if (eq < 0 || part.slice(0, eq).trim() !== name) return part.trim();
              const resigned = resign(decode(part.slice(eq + 1).trim()), current, previous);
              if (!resigned) return part.trim();
              changed = true;
              return `${name}=${encodeURIComponent(resigned)}`;
            });
            if (changed) headers.set("cookie", cookies.join("; "));
            const bearer = /^bearer\s+(.+)$/i.exec(headers.get("authorization") ?? "")?.[1];
            const resignedBearer = bearer && resign(decode(bearer.trim()), current, previous);
            if (resignedBearer) {
              // The bearer plugin turns the token into the session cookie from the original headers;
              // this hook runs after it (pluginsLast), so the cookie set here is the one read.
              headers.set("authorization", `Bearer ${resignedBearer}`);
              const others = (headers.get("cookie") ?? "").split(";").map((c) => c.trim()).filter((c) => c && !c.startsWith(`${name}=`));
              headers.set("cookie", [...others, `${name}=${encodeURIComponent(resignedBearer)}`].join("; "));
              changed = true;
            }
            if (changed) return { context: { headers } };
          }),
        },
      ],
    },
  };
}
