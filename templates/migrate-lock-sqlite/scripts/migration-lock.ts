// One migration at a time per database file, however many processes start together: a lock file
// next to the database, created exclusively (O_EXCL). A lock left by a process that died on this
// machine is taken over; one from another machine sharing the volume expires after STALE_MS.
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { env } from "../src/env.js";

const LOCK_FILE = `${env.DATABASE_URL.replace(/^file:/, "")}.migrate-lock`;
const STALE_MS = 10 * 60_000;
const owner = `${hostname()}:${process.pid}`;

function tryLock(): boolean {
  try {
    const fd = openSync(LOCK_FILE, "wx", 0o600);
    writeSync(fd, owner);
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return false;
  }
}

/** The holder is gone: a dead process on this machine, or a lock older than STALE_MS. */
function abandoned(): boolean {
  try {
    const [host, pid] = readFileSync(LOCK_FILE, "utf8").split(":");
    if (host === hostname() && pid) {
      try {
        process.kill(Number(pid), 0);
        return false;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === "ESRCH";
      }
    }
    return Date.now() - statSync(LOCK_FILE).mtimeMs > STALE_MS;
  } catch {
    return false; // released meanwhile: the next attempt takes it
  }
}

function removeLock(): void {
  try {
    unlinkSync(LOCK_FILE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

export async function withMigrationLock<T>(run: () => Promise<T>): Promise<T> {
  let told = false;
  while (!tryLock()) {
    if (abandoned()) {
      removeLock();
      continue;
    }
    if (!told) console.log("Another process is migrating; waiting for it to finish.");
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  try {
    return await run();
  } finally {
    removeLock();
  }
}
