export declare const NODE_BINARIES: string;
export declare function nodeBinaryPath(major: number | string): string;
export declare function nodeBinaryVersion(major: number | string): string | undefined;
export declare function nodeBinary(major: number | string, options?: { log?: (message: string) => void }): Promise<string>;
export declare function nodeEnv(bin: string, extra?: Record<string, string>): NodeJS.ProcessEnv;
