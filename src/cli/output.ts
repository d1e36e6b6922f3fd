import kleur from "kleur";
import { redact, type ErrorCode } from "./errors.js";
import { progress, spinner, type SpinnerOptions } from "./spinner.js";

/** What happened to a file: written, or (dry runs and plans) what would happen. */
export type FileAction = "created" | "changed" | "would-create" | "would-change";
export interface FileRecord {
  path: string;
  action: FileAction;
  /** A dry run's unified diff. */
  diff?: string;
  /** A plan's content of a new file (the MCP server's plan_project). */
  content?: string;
}
export interface StepRecord {
  name: string;
  ok: boolean;
  durationMs: number;
  /** The last lines the step printed, or why it failed. */
  output?: string;
}
export interface ErrorRecord {
  code: ErrorCode;
  message: string;
  flag?: string;
  path?: string;
}
export type StepOptions<T> = Pick<SpinnerOptions<T>, "succeeded">;

/**
 * Where a command's output goes. Commands report what they do (a message, a file, a step, the next
 * commands) and never decide how it looks: a person gets lines and a spinner, `--json` and the MCP
 * server get one object. The sink is chosen once per run (or per tool call), never per line.
 */
export interface Sink {
  info(msg: string): void;
  note(msg: string): void;
  success(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  /** A file written, or one a dry run would write; `listed: false` keeps it off a person's screen (create's dozens). */
  file(record: FileRecord, listed?: boolean): void;
  step<T>(name: string, task: () => Promise<T>, options?: StepOptions<T>): Promise<T>;
  /** Commands the user runs next, under a heading ("Next steps:"). */
  nextSteps(commands: string[], heading?: string): void;
  /** A document that is the command's result (the JSON Schema): printed whole, or a key of the JSON. */
  document(key: string, value: unknown): void;
}

const MARK: Record<FileAction, string> = { created: "+", changed: "~", "would-create": "+", "would-change": "~" };

/** Printing for people; no line ever shows a password (a connection string echoed back, a failed step's output). */
export const humanSink: Sink = {
  info: (msg) => console.log(redact(msg)),
  note: (msg) => console.log(kleur.dim(redact(msg))),
  success: (msg) => console.log(kleur.green(redact(msg))),
  warn: (msg) => console.error(kleur.yellow(`warning: ${redact(msg)}`)),
  error: (msg) => console.error(kleur.red(`error: ${redact(msg)}`)),
  file({ path, action, diff }, listed = true) {
    if (listed) console.log(redact(diff ? diff.trimEnd() : `  ${MARK[action]} ${path}`));
  },
  step: (name, task, options) => spinner(name, task, options),
  nextSteps(commands, heading = "Next steps:") {
    if (commands.length) console.log(redact(`${heading}\n${commands.map((c) => `  ${c}`).join("\n")}`));
  },
  document: (_key, value) => console.log(JSON.stringify(value, null, 2)),
};

/** The last lines of a step's output, when its result carries one ({ ok, output } from run()). */
function stepOutput(result: unknown): string | undefined {
  const output = (result as { output?: unknown } | null)?.output;
  return typeof output === "string" && output.trim() ? output.trim().split("\n").slice(-20).join("\n") : undefined;
}

/** Every string in a value passed through redact (a JSON string as a whole could join two strings' text). */
function redactDeep<T>(value: T): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  return value;
}

/** Gathers one command's output into the object that `--json` prints and MCP tools return. */
export class Report implements Sink {
  readonly files: FileRecord[] = [];
  readonly steps: StepRecord[] = [];
  readonly warnings: string[] = [];
  readonly messages: string[] = [];
  readonly nextStepList: string[] = [];
  readonly documents: Record<string, unknown> = {};

  constructor(readonly command: string) {}

  info(msg: string) {
    this.messages.push(msg);
  }
  note(msg: string) {
    this.messages.push(msg);
  }
  success(msg: string) {
    this.messages.push(msg);
  }
  warn(msg: string) {
    this.warnings.push(msg);
  }
  error(msg: string) {
    this.messages.push(msg);
  }
  file(record: FileRecord) {
    this.files.push(record);
  }
  async step<T>(name: string, task: () => Promise<T>, options?: StepOptions<T>): Promise<T> {
    const started = performance.now();
    const record = (ok: boolean, output?: string) => this.steps.push({ name, ok, durationMs: Math.round(performance.now() - started), ...(output ? { output } : {}) });
    try {
      const result = await task();
      record(options?.succeeded ? options.succeeded(result) : true, stepOutput(result));
      return result;
    } catch (error) {
      record(false, (error as Error)?.message ?? String(error));
      throw error;
    }
  }
  nextSteps(commands: string[], heading?: string) {
    if (heading && heading.trim() !== "Next steps:") this.messages.push(heading.trim());
    this.nextStepList.push(...commands);
  }
  document(key: string, value: unknown) {
    this.documents[key] = value;
  }

  /** The success object: `{ ok: true, command, files, steps, warnings, nextSteps, messages, ... }`. */
  finish(): Record<string, unknown> {
    return redactDeep({ ok: true, command: this.command, ...this.body(), ...this.documents });
  }

  /** The failure object: `{ ok: false, error: { code, message, flag?, path? }, ... }` (files and steps so far included). */
  fail(error: ErrorRecord): Record<string, unknown> {
    return redactDeep({ ok: false, command: this.command, error, ...this.body() });
  }

  private body() {
    return { files: this.files, steps: this.steps, warnings: this.warnings, nextSteps: this.nextStepList, messages: this.messages };
  }
}

let sink: Sink = humanSink;

/** Send all output to `next` from now on (progress lines are silenced unless it is the human sink); returns the previous sink. */
export function useSink(next: Sink): Sink {
  const previous = sink;
  sink = next;
  progress.silent = next !== humanSink;
  return previous;
}

/** The error as the `error` member of a failure object: a stable code, never a stack. */
export function errorRecord(error: unknown, fsDescription?: string): ErrorRecord {
  const e = error as { name?: string; message?: string; code?: ErrorCode; flag?: string; path?: string };
  if (e?.name === "UserError" || e?.name === "StepError" || e?.name === "CancelledError")
    return { code: e.code ?? "USAGE", message: e.message ?? "", ...(e.flag ? { flag: e.flag } : {}), ...(e.path ? { path: e.path } : {}) };
  if (fsDescription) return { code: "FS_ERROR", message: fsDescription, ...(e?.path ? { path: e.path } : {}) };
  return { code: "INTERNAL", message: `Internal error: ${e?.message ?? String(error)} (a bug; the stack is on stderr).` };
}

/**
 * Keep stdout for one JSON object (or the MCP protocol): whatever else would print there (a stray
 * console.log in any module) goes to stderr. Returns a writer to the real stdout.
 */
export function reserveStdout(): (text: string) => void {
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  return (text) => void process.stdout.write(text);
}

/** All user-facing output goes through here: the sink chosen for this run decides how it looks. */
export const out = {
  info: (msg: string) => sink.info(msg),
  note: (msg: string) => sink.note(msg),
  success: (msg: string) => sink.success(msg),
  warn: (msg: string) => sink.warn(msg),
  error: (msg: string) => sink.error(msg),
  file: (record: FileRecord, listed?: boolean) => sink.file(record, listed),
  step: <T>(name: string, task: () => Promise<T>, options?: StepOptions<T>) => sink.step(name, task, options),
  nextSteps: (commands: string[], heading?: string) => sink.nextSteps(commands, heading),
  document: (key: string, value: unknown) => sink.document(key, value),
};
