// Reads Parquet with DuckDB and prints JSON lines for the C# interop tests.
// Usage: node read-duckdb.mjs FILE_OR_GLOB [SQL]
//   SQL may use the view `t` (= read_parquet(FILE_OR_GLOB)); default: SELECT * FROM t.
// Output: line 1 is {"columns":[[name, duckdbType], ...]}, then one JSON object per row, columns in order.
// Encoding is explicit so C# can compare exactly:
//   BIGINT/HUGEINT -> JSON string of the decimal integer (no float rounding);
//   TIMESTAMP/TIMESTAMPTZ -> JSON string of epoch microseconds; LIST -> array; NULL -> null.
import { DuckDBInstance } from '@duckdb/node-api';

const [source, sql] = process.argv.slice(2);
if (!source) {
  console.error('usage: read-duckdb.mjs FILE_OR_GLOB [SQL]');
  process.exit(2);
}

function convert(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(convert);
  if (typeof value === 'object') {
    if ('micros' in value) return value.micros.toString();
    if ('items' in value) return value.items.map(convert);
  }
  return value;
}

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const quoted = "'" + source.replaceAll("'", "''") + "'";
await connection.run(`CREATE VIEW t AS SELECT * FROM read_parquet(${quoted})`);
const reader = await connection.streamAndReadUntil(sql ?? 'SELECT * FROM t', Number.MAX_SAFE_INTEGER);
const names = reader.columnNames();
const types = reader.columnTypes().map((t) => t.toString());
const out = [JSON.stringify({ columns: names.map((n, i) => [n, types[i]]) })];
for (const row of reader.getRows()) {
  const record = {};
  names.forEach((name, i) => { record[name] = convert(row[i]); });
  out.push(JSON.stringify(record));
}
process.stdout.write(out.join('\n') + '\n');
