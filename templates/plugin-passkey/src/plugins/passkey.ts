import { passkey } from "@better-auth/passkey";

// WebAuthn ties each passkey to a relying party: PASSKEY_RP_ID is your front-end's domain (no
// scheme or port) and PASSKEY_ORIGIN the page origin(s) the browser reports, comma-separated.
// Browsers refuse passkeys whose origin does not belong to the RP ID.
export const passkeyPlugin = (rpName: string) => {
  const origins = (process.env.PASSKEY_ORIGIN ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const rpID = process.env.PASSKEY_RP_ID || (origins[0] ? new URL(origins[0]).hostname : "localhost");
  return passkey({ rpID, rpName, origin: origins.length ? origins : null });
};
