// Progress without a terminal: a CI log must show a line at least every 15 s while a step runs,
// and nothing more once it ended. A fake slow task on fake timers stands in for `npm install`.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { progress, spinner } from "../../src/cli/spinner.js";

interface Line {
  at: number;
  text: string;
}

function recorder() {
  const lines: Line[] = [];
  const write = (text: string) => lines.push({ at: Date.now(), text });
  return { lines, write };
}

/** A task that finishes (or fails) after `ms` of fake time. */
const slowTask = <T>(ms: number, outcome: () => T) => () => new Promise<T>((resolve, reject) => setTimeout(() => {
  try {
    resolve(outcome());
  } catch (error) {
    reject(error);
  }
}, ms));

describe("spinner without a terminal", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
  });
  afterEach(() => vi.useRealTimers());

  it("prints a line at least every 15 s while the task runs, then ✔ with the duration, then nothing", async () => {
    const { lines, write } = recorder();
    const start = Date.now();
    const done = spinner("Installing dependencies with npm", slowTask(47_000, () => 42), { tty: false, write });
    await vi.advanceTimersByTimeAsync(47_000);
    await expect(done).resolves.toBe(42);

    expect(lines[0]).toEqual({ at: start, text: "… Installing dependencies with npm\n" });
    const gaps = lines.slice(1).map((l, i) => l.at - lines[i].at);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(15_000);
    expect(lines.filter((l) => l.text.startsWith("…")).map((l) => l.text)).toEqual([
      "… Installing dependencies with npm\n",
      "… Installing dependencies with npm (10 s)\n",
      "… Installing dependencies with npm (20 s)\n",
      "… Installing dependencies with npm (30 s)\n",
      "… Installing dependencies with npm (40 s)\n",
    ]);
    expect(lines.at(-1)!.text).toBe("✔ Installing dependencies with npm (47 s)\n");

    const count = lines.length;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(lines.length, "no line after the task ended").toBe(count);
    expect(vi.getTimerCount(), "the ticker is cleared").toBe(0);
  });

  it("a longer interval is honoured, and a failed task ends with ✖ and rethrows", async () => {
    const { lines, write } = recorder();
    const failing = spinner("Creating the database tables", slowTask(31_000, () => {
      throw new Error("db:migrate failed");
    }), { tty: false, write, every: 15_000 });
    const settled = failing.catch((error: Error) => error.message);
    await vi.advanceTimersByTimeAsync(31_000);
    expect(await settled).toBe("db:migrate failed");
    expect(lines.map((l) => l.text)).toEqual([
      "… Creating the database tables\n",
      "… Creating the database tables (15 s)\n",
      "… Creating the database tables (30 s)\n",
      "✖ Creating the database tables (failed after 31 s)\n",
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a result that says it failed ends with ✖ (tasks that return { ok: false } instead of throwing)", async () => {
    const { lines, write } = recorder();
    const done = spinner("Migrating the database", slowTask(2_500, () => ({ ok: false })), { tty: false, write, succeeded: (r) => r.ok });
    await vi.advanceTimersByTimeAsync(2_500);
    expect(await done).toEqual({ ok: false });
    expect(lines.at(-1)!.text).toBe("✖ Migrating the database (failed after 2.5 s)\n");
  });

  it("silent prints nothing, by option or by the shared switch, and still returns the result", async () => {
    const { lines, write } = recorder();
    const byOption = spinner("Initialising git", slowTask(20_000, () => "created"), { tty: false, write, silent: true });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(await byOption).toBe("created");
    progress.silent = true;
    try {
      const bySwitch = spinner("Initialising git", slowTask(20_000, () => "skipped"), { tty: false, write });
      await vi.advanceTimersByTimeAsync(20_000);
      expect(await bySwitch).toBe("skipped");
    } finally {
      progress.silent = false;
    }
    expect(lines).toEqual([]);
  });
});

describe("spinner on a terminal", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("redraws one line with the elapsed seconds and replaces it with the result", async () => {
    const { lines, write } = recorder();
    const done = spinner("Installing dependencies with npm", slowTask(3_200, () => undefined), { tty: true, write });
    await vi.advanceTimersByTimeAsync(3_200);
    await done;
    const texts = lines.map((l) => l.text);
    expect(texts.every((t) => t.startsWith("\r\x1b[2K")), "every draw clears the line first").toBe(true);
    expect(texts.some((t) => t.endsWith("Installing dependencies with npm (2 s)"))).toBe(true);
    expect(texts.slice(0, -1).some((t) => t.includes("\n")), "progress stays on one line").toBe(false);
    expect(texts.at(-1)).toBe("\r\x1b[2K✔ Installing dependencies with npm (3.2 s)\n");
    expect(vi.getTimerCount()).toBe(0);
  });
});
