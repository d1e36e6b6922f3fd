/**
 * A small unified diff (the `diff -u` / `git diff` text format) for `--dry-run`: Myers' O(ND)
 * algorithm on lines, after trimming the common head and tail, grouped into hunks with context.
 */

type Op = { kind: " " | "-" | "+"; line: string };

/** Lines with their terminator kept, so a missing final newline can be reported. */
function lines(text: string): string[] {
  if (text === "") return [];
  return text.split(/(?<=\n)/);
}

/** The shortest edit script from `a` to `b` (Myers 1986), as a list of kept/removed/added lines. */
export function diffLines(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const A = a.slice(head, a.length - tail);
  const B = b.slice(head, b.length - tail);
  const middle = myers(A, B);
  return [
    ...a.slice(0, head).map((line) => ({ kind: " " as const, line })),
    ...middle,
    ...a.slice(a.length - tail).map((line) => ({ kind: " " as const, line })),
  ];
}

function myers(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((line) => ({ kind: "+", line }));
  if (m === 0) return a.map((line) => ({ kind: "-", line }));
  const max = n + m;
  const offset = max;
  let v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
    v = next;
  }
  trace.push(v);

  // Walk back through the saved frontiers to recover the path.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0 && (x > 0 || y > 0); d--) {
    const vd = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && vd[offset + k - 1] < vd[offset + k + 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK];
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      y--;
      ops.push({ kind: " ", line: a[--x] });
    }
    if (d === 0) break;
    if (down) ops.push({ kind: "+", line: b[--y] });
    else ops.push({ kind: "-", line: a[--x] });
  }
  while (x > 0 && y > 0) {
    y--;
    ops.push({ kind: " ", line: a[--x] });
  }
  while (x > 0) ops.push({ kind: "-", line: a[--x] });
  while (y > 0) ops.push({ kind: "+", line: b[--y] });
  return ops.reverse();
}

function range(start: number, count: number): string {
  // An empty range names the line before it (0 at the top of the file), as diff -u does.
  const first = count === 0 ? start - 1 : start;
  return count === 1 ? `${first}` : `${first},${count}`;
}

function render(op: Op): string {
  if (op.line.endsWith("\n")) return `${op.kind}${op.line}`;
  return `${op.kind}${op.line}\n\\ No newline at end of file\n`;
}

/**
 * The unified diff turning `before` into `after` for `path` (before = null: a new file).
 * Empty string when they are equal.
 */
export function unifiedDiff(path: string, before: string | null, after: string, context = 3): string {
  if (before === after) return "";
  const ops = diffLines(lines(before ?? ""), lines(after));
  const header = `--- ${before === null ? "/dev/null" : `a/${path}`}\n+++ b/${path}\n`;

  // Line numbers (1-based) of each op in the old and new file.
  const oldNo: number[] = [];
  const newNo: number[] = [];
  let o = 1;
  let n = 1;
  for (const op of ops) {
    oldNo.push(o);
    newNo.push(n);
    if (op.kind !== "+") o++;
    if (op.kind !== "-") n++;
  }

  const changed = ops.map((op, i) => (op.kind === " " ? -1 : i)).filter((i) => i >= 0);
  const hunks: [number, number][] = [];
  for (const i of changed) {
    const start = Math.max(0, i - context);
    const end = Math.min(ops.length - 1, i + context);
    const last = hunks[hunks.length - 1];
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else hunks.push([start, end]);
  }

  let text = header;
  for (const [start, end] of hunks) {
    const slice = ops.slice(start, end + 1);
    const oldCount = slice.filter((op) => op.kind !== "+").length;
    const newCount = slice.filter((op) => op.kind !== "-").length;
    text += `@@ -${range(oldNo[start], oldCount)} +${range(newNo[start], newCount)} @@\n`;
    text += slice.map(render).join("");
  }
  return text;
}
