// Types of select.mjs, for the TypeScript tests that import it.

/** The catalog lists a case picks one value from. */
export type DimensionList = "frameworks" | "databases" | "orms" | "secondaryStorages";

/** The CLI's closed sets of choices and defaults (`create-auth-service catalog --json`). */
export interface MatrixCatalog {
  frameworks: string[];
  databases: string[];
  orms?: string[];
  secondaryStorages?: string[];
  plugins: string[];
  defaultPlugins: string[];
  defaults?: Record<string, string>;
}

/** A case: a value for each dimension it sets (by config key), and its plugins. */
export type MatrixCase = Record<string, unknown> & { plugins: string[]; extraFlags?: string[] };

export declare const DIMENSIONS: readonly { key: string; list: DimensionList; flag: string }[];
export declare function dimensions(catalog: MatrixCatalog): { key: string; list: DimensionList; flag: string; values: string[] }[];
export declare function product(dims: { key: string; values: string[] }[]): Record<string, string>[];
export declare function fullMatrix(catalog: MatrixCatalog): MatrixCase[];
export declare function pairwise<C extends { plugins: string[] }>(
  catalog: MatrixCatalog,
  isAllowed: (c: C) => Promise<true | string>,
  options?: { batch?: number },
): Promise<{ cases: C[]; refused: { case: C; message: string }[]; uncovered: string[] }>;
export declare function spreadPlugins<C extends { plugins: string[] }>(
  cases: C[],
  catalog: MatrixCatalog,
  isAllowed: (c: C) => Promise<true | string>,
  runsFully?: (c: C) => boolean,
): Promise<{ plugin: string; message: string }[]>;
export declare function caseFlags(c: { [key: string]: unknown; plugins?: string[] }): string[];
export declare function caseLabel(c: { [key: string]: unknown; plugins?: string[]; extraFlags?: string[] }): string;
