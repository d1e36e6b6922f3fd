// Shared with the generated project's doctor script.
export { redisCheck } from "../../../templates/base/scripts/doctor/redis-check.js";
