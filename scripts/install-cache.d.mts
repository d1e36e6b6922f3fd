export declare const INSTALL_CACHE: string;
export declare function installEnv(): Record<string, string>;
export declare function installKey(dir: string): string;
export declare function fillInstallCache(dir: string): void;
export declare function installCached(dir: string, install: (env: Record<string, string>) => Promise<unknown>): Promise<"installed" | "cached">;
