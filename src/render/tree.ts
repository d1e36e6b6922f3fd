/**
 * An in-memory file tree (Angular schematics' Tree, reduced to what we need): everything a
 * command will write is staged here first, so conflicts are checked and dry runs printed before
 * a single byte reaches the disk.
 */
export class Tree {
  private readonly files = new Map<string, string>();

  /** Paths are POSIX and relative to the project root. */
  write(path: string, content: string): void {
    this.files.set(normalize(path), content);
  }

  read(path: string): string | undefined {
    return this.files.get(normalize(path));
  }

  has(path: string): boolean {
    return this.files.has(normalize(path));
  }

  delete(path: string): void {
    this.files.delete(normalize(path));
  }

  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  entries(): [string, string][] {
    return this.paths().map((p) => [p, this.files.get(p)!]);
  }

  get size(): number {
    return this.files.size;
  }
}

function normalize(path: string): string {
  const clean = path.replace(/\\/g, "/").replace(/^\.\//, "");
  if (clean.startsWith("/") || clean.split("/").includes("..")) throw new Error(`Tree paths must stay inside the project: ${path}`);
  return clean;
}
