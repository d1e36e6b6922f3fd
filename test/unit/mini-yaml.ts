// A strict reader for the block-YAML subset compose.yaml is written in: nested maps and lists,
// scalars plain or JSON-quoted, `{}`/`[]`, whole-line comments. Anything else (tabs, anchors, flow
// collections, a plain `no` that YAML 1.1 reads as false, odd indentation) is an error, so a file it
// accepts is plain data every YAML parser reads the same way. Written for the tests, independent of
// the emitter in src/features/docker-compose.ts.
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  indent: number;
  text: string;
  no: number;
}

const AMBIGUOUS = /^(y|n|yes|no|on|off|true|false|null|~)$/i;

function scalar(raw: string, no: number): YamlValue {
  const text = raw.trim();
  if (text === "{}") return {};
  if (text === "[]") return [];
  if (text.startsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      throw new Error(`line ${no}: bad quoted string ${text}`);
    }
  }
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (AMBIGUOUS.test(text)) throw new Error(`line ${no}: "${text}" is read differently by YAML 1.1 and 1.2; quote it`);
  if (!/^[A-Za-z_][\w./-]*$/.test(text)) throw new Error(`line ${no}: unsupported scalar ${text}`);
  return text;
}

function block(lines: Line[], start: number, indent: number): [YamlValue, number] {
  const first = lines[start];
  if (first.indent !== indent) throw new Error(`line ${first.no}: expected indentation ${indent}`);
  const isList = first.text.startsWith("-");
  const out: YamlValue = isList ? [] : {};
  let i = start;
  while (i < lines.length && lines[i].indent >= indent) {
    const line = lines[i];
    if (line.indent !== indent) throw new Error(`line ${line.no}: unexpected indentation`);
    if (isList) {
      if (!line.text.startsWith("-")) throw new Error(`line ${line.no}: a map key inside a list`);
      const rest = line.text.slice(1);
      if (rest === "") {
        const [value, next] = block(lines, i + 1, indent + 2);
        (out as YamlValue[]).push(value);
        i = next;
      } else {
        if (!rest.startsWith(" ")) throw new Error(`line ${line.no}: "-" must be followed by a space`);
        (out as YamlValue[]).push(scalar(rest, line.no));
        i++;
      }
    } else {
      const m = /^([A-Za-z_][\w.-]*):(?: (.*))?$/.exec(line.text);
      if (!m) throw new Error(`line ${line.no}: not a "key: value" line: ${line.text}`);
      const map = out as { [key: string]: YamlValue };
      if (m[1] in map) throw new Error(`line ${line.no}: duplicate key ${m[1]}`);
      if (m[2] === undefined) {
        if (i + 1 >= lines.length || lines[i + 1].indent <= indent) throw new Error(`line ${line.no}: ${m[1]} has no value`);
        const [value, next] = block(lines, i + 1, indent + 2);
        map[m[1]] = value;
        i = next;
      } else {
        map[m[1]] = scalar(m[2], line.no);
        i++;
      }
    }
  }
  return [out, i];
}

export function parseYaml(text: string): YamlValue {
  if (text.includes("\t")) throw new Error("tabs are not allowed");
  const lines: Line[] = text
    .split("\n")
    .map((raw, index) => ({ indent: raw.length - raw.trimStart().length, text: raw.trim(), no: index + 1 }))
    .filter((l) => l.text !== "" && !l.text.startsWith("#"));
  if (!lines.length) return null;
  const [value, next] = block(lines, 0, 0);
  if (next !== lines.length) throw new Error(`line ${lines[next].no}: unexpected content`);
  return value;
}
