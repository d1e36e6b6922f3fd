// Types of run.mjs, for the TypeScript tests that import it.
import type { MatrixCatalog } from "./select.mjs";

export type MatrixStatus = "passed" | "failed" | "refused" | "not-runnable" | "typechecked";

/** What one case ended in; `install` says whether node_modules came from the cache. */
export interface MatrixResult<C> {
  case: C;
  label: string;
  status: MatrixStatus;
  message: string;
  seconds: number;
  dir: string;
  logs: string;
  install?: string;
}

export declare const ROOT: string;
export declare function runCli(args: string[], options?: { cwd?: string }): Promise<{ exitCode?: number; stdout: string; stderr: string; all?: string }>;
export declare function loadCatalog(): Promise<MatrixCatalog>;
export declare function runCase<C extends { plugins: string[] }>(c: C, options?: { keep?: boolean; defaults?: Record<string, string> }): Promise<MatrixResult<C>>;
export declare function describeResult(r: { label: string; status: string; message: string; seconds: number; install?: string }): string;
export declare function runCases<C extends { plugins: string[] }>(
  cases: C[],
  options?: { jobs?: number; keep?: boolean; defaults?: Record<string, string>; onResult?: (r: MatrixResult<C>) => void },
): Promise<MatrixResult<C>[]>;
export declare function isAllowed(c: { [key: string]: unknown; plugins?: string[] }, defaults?: Record<string, string>): Promise<true | string>;
export declare function reachableDatabases(): Promise<Set<string>>;
export declare function runsFully(c: { [key: string]: unknown }, reachable: Set<string>, defaults?: Record<string, string>): boolean;
