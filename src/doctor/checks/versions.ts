// Shared with the generated project's doctor script.
export { satisfies, versionsCheck } from "../../../templates/base/scripts/doctor/versions-check.js";
