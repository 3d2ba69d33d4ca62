/**
 * The fields of one CSV line, split at `delimiter` except inside double quotes (RFC 4180: `""` inside a
 * quoted field is a quote). Fields keep their quotes (`unquote` removes them), so that a quoted value that
 * holds the delimiter (`"1,234,567"`) stays one field and is reported whole. Lines without a quote are
 * split as `line.split(delimiter)` splits them.
 *
 * @example
 * ```ts
 * splitCsvLine('2024-01-02,1.1,1.2,1.0,1.15,"1,234,567"', ','); // ['2024-01-02', '1.1', '1.2', '1.0', '1.15', '"1,234,567"']
 * ```
 */
export function splitCsvLine(line: string, delimiter: string): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const fields: string[] = [];
  let start = 0;
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const character = line[index];
    if (character === '"') quoted = !quoted;
    else if (character === delimiter && !quoted) {
      fields.push(line.slice(start, index));
      start = index + 1;
    }
  }
  fields.push(line.slice(start));
  return fields;
}
