// The environment the service starts with: secrets, URLs, provider credentials, mail in production.
// Pure (an env record in, a Check out), so it is the same for the project's own doctor script and
// for create-auth-service's doctor command.
import { secretWeakness } from "../../src/secret-strength.js";
import { parseSecretVersions } from "../../src/secret-versions.js";
import { fail, pass, type Check } from "./report.js";

type Env = Record<string, string | undefined>;

export interface EnvExpectations {
  /** Social providers the project enables (ids as in socialProviders). */
  providers: string[];
  /** The project sends email (mailer present): production then needs SMTP_URL. */
  sendsMail: boolean;
}

interface Problem {
  problem: string;
  fix: string;
}

const NEW_SECRET = "generate one with: openssl rand -base64 32";

function secretProblems(env: Env): Problem[] {
  const named: [string, string][] = [];
  if (env.BETTER_AUTH_SECRETS) {
    try {
      for (const s of parseSecretVersions(env.BETTER_AUTH_SECRETS)) named.push([`BETTER_AUTH_SECRETS version ${s.version}`, s.value]);
    } catch (error) {
      return [{ problem: (error as Error).message, fix: 'write BETTER_AUTH_SECRETS as "<version>:<secret>,…", current first' }];
    }
  }
  if (env.BETTER_AUTH_SECRET) named.push(["BETTER_AUTH_SECRET", env.BETTER_AUTH_SECRET]);
  if (named.length === 0) return [{ problem: "BETTER_AUTH_SECRET is not set.", fix: `set BETTER_AUTH_SECRET in .env; ${NEW_SECRET}` }];
  return named.flatMap(([name, value]) => {
    const weakness = secretWeakness(value);
    return weakness ? [{ problem: `${name} ${weakness}.`, fix: `replace it with a random secret; ${NEW_SECRET}` }] : [];
  });
}

function urlProblem(name: string, value: string | undefined, production: boolean): Problem | null {
  if (!value) return { problem: `${name} is not set.`, fix: `set ${name} to the service's public URL, e.g. https://auth.example.com` };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: `${name}="${value}" is not a valid URL.`, fix: `write ${name} as a full URL, e.g. https://auth.example.com` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { problem: `${name} must be an http(s) URL.`, fix: `use https://… for ${name}` };
  if (production && url.protocol !== "https:") return { problem: `${name} is not HTTPS with NODE_ENV=production.`, fix: `serve the service over HTTPS and set ${name}=https://…` };
  return null;
}

function originProblems(env: Env, production: boolean): Problem[] {
  const origins = (env.TRUSTED_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (production && origins.length === 0)
    return [{ problem: "TRUSTED_ORIGINS is empty with NODE_ENV=production.", fix: "list your front-end origins, e.g. TRUSTED_ORIGINS=https://app.example.com" }];
  return origins.flatMap((origin) => {
    const problem = urlProblem("TRUSTED_ORIGINS entry", origin, production);
    return problem ? [{ ...problem, problem: problem.problem.replace("entry", `entry "${origin}"`) }] : [];
  });
}

function providerProblems(env: Env, providers: string[]): Problem[] {
  return providers.flatMap((id) => {
    const prefix = id.toUpperCase();
    const missing = [`${prefix}_CLIENT_ID`, `${prefix}_CLIENT_SECRET`].filter((key) => !env[key]);
    if (missing.length === 0) return [];
    return [{ problem: `${id} sign-in is off: ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set.`, fix: `set ${missing.join(" and ")} from the ${id} OAuth app` }];
  });
}

function mailProblems(env: Env, sendsMail: boolean, production: boolean): Problem[] {
  if (env.SMTP_URL && !/^smtps?:\/\//.test(env.SMTP_URL)) return [{ problem: "SMTP_URL is not an smtp:// or smtps:// URL.", fix: "write SMTP_URL as smtps://user:password@host:465" }];
  if (sendsMail && production && !env.SMTP_URL)
    return [{ problem: "SMTP_URL is not set with NODE_ENV=production, and this service sends email.", fix: "set SMTP_URL (and MAIL_FROM) to your mail server" }];
  return [];
}

function portProblem(env: Env): Problem[] {
  if (env.PORT === undefined || env.PORT.trim() === "") return [];
  const port = Number(env.PORT);
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [{ problem: `PORT="${env.PORT}" is not a port number.`, fix: "set PORT to a whole number from 1 to 65535" }];
}

/** One failed "env" check per problem (each with its fix), or one passing check. */
export function envChecks(env: Env, expect: EnvExpectations): Check[] {
  const production = env.NODE_ENV === "production";
  const problems = [
    ...secretProblems(env),
    ...[urlProblem("BETTER_AUTH_URL", env.BETTER_AUTH_URL, production)].filter((p): p is Problem => p !== null),
    ...originProblems(env, production),
    ...portProblem(env),
    ...(env.DATABASE_URL ? [] : [{ problem: "DATABASE_URL is not set.", fix: "set DATABASE_URL in .env (see .env.example)" }]),
    ...providerProblems(env, expect.providers),
    ...mailProblems(env, expect.sendsMail, production),
  ];
  if (problems.length === 0) return [pass("env", `secrets, URLs${expect.providers.length ? ", provider credentials" : ""} and mail settings are valid${production ? " for production" : ""}.`)];
  return problems.map((p) => fail("env", p.problem, p.fix));
}
