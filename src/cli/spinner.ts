import { redact } from "./errors.js";

/**
 * Progress of a long step (install, migrate, git) on stderr, so stdout stays clean for output
 * meant for scripts. On a terminal: one line redrawn with a spinner, the step and the seconds so
 * far. Elsewhere (CI logs): a line when it starts, another at least every `every` ms so a log never
 * looks hung, then ✔ or ✖ with the duration. The ending is always truthful.
 */
export interface SpinnerOptions<T> {
  /** Print nothing at all (machine-readable output, e.g. JSON on stdout). */
  silent?: boolean;
  /** Redraw in place; default: stderr is a terminal. */
  tty?: boolean;
  /** Where progress goes; default stderr. */
  write?: (text: string) => void;
  /** Without a terminal, the longest silence between two lines in ms; default 10 s (CI wants ≤ 15 s). */
  every?: number;
  /** For tasks that report failure in their result instead of throwing: false prints ✖. */
  succeeded?: (result: T) => boolean;
}

/** Whether progress is printed by default; set once by a command whose stdout is for machines. */
export const progress = { silent: false };

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export const seconds = (ms: number) => (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);

export async function spinner<T>(label: string, task: () => Promise<T>, options: SpinnerOptions<T> = {}): Promise<T> {
  if (options.silent ?? progress.silent) return task();
  const write = options.write ?? ((text: string) => void process.stderr.write(redact(text)));
  const tty = options.tty ?? Boolean(process.stderr.isTTY);
  const started = Date.now();
  const elapsed = () => Date.now() - started;

  let timer: ReturnType<typeof setInterval>;
  if (tty) {
    let frame = 0;
    const draw = () => write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${label} (${Math.floor(elapsed() / 1000)} s)`);
    draw();
    timer = setInterval(draw, 100);
  } else {
    write(`… ${label}\n`);
    timer = setInterval(() => write(`… ${label} (${Math.round(elapsed() / 1000)} s)\n`), options.every ?? 10_000);
  }
  timer.unref?.();
  const end = (ok: boolean) => {
    clearInterval(timer);
    write(`${tty ? "\r\x1b[2K" : ""}${ok ? "✔" : "✖"} ${label} (${ok ? "" : "failed after "}${seconds(elapsed())})\n`);
  };
  try {
    const result = await task();
    end(options.succeeded ? options.succeeded(result) : true);
    return result;
  } catch (error) {
    end(false);
    throw error;
  }
}
