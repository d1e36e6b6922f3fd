// For programs (an MCP server, scripts): `await runDoctor(dir)` → { ok, checks: [{ id, ok, message, fix }] }.
export { runDoctor, type Check, type DoctorReport } from "./run-doctor.js";
export { rotateSecret, type Rotation } from "./rotate-secret.js";
