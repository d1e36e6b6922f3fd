export interface RealProject {
  name: string;
  generator: "create-better-t-stack" | "create-t3-app" | "sv";
  args: string[];
  orm: "drizzle" | "prisma";
  database: "postgres" | "sqlite";
  typecheck: string[];
  after?: string[][];
  install?: string[];
  env?: Record<string, string>;
}
export declare const ROOT: string;
export declare const CACHE: string;
export declare const TOOLS: string;
export declare const NODE22: string;
export declare const PROJECTS: RealProject[];
export declare const PROJECT_NAMES: string[];
export declare function project(name: string): RealProject;
export declare function node22Env(extra?: Record<string, string>): NodeJS.ProcessEnv;
export declare function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number }): Promise<{ code: number; output: string }>;
export declare function ensureTools(options?: { refresh?: boolean; log?: (message: string) => void }): Promise<Record<string, string>>;
export declare function projectDir(name: string): string;
export declare function ensureProject(name: string, options?: { refresh?: boolean; log?: (message: string) => void }): Promise<string>;
export declare function copyProject(name: string, dest: string): string;
export declare function projectStamp(name: string): { key: string; versions: Record<string, string>; madeAt: string; seconds: number } | undefined;
