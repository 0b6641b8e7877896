// Reads one Parquet file with polars (arrow-rs based decoder) and prints JSON lines for the C# interop tests.
// Usage: node read-polars.mjs FILE
// Output: line 1 is {"columns":[[name, polarsDtype], ...]}, then one JSON object per row, columns in order.
// Encoding is explicit: Int64 and Datetime (as epoch microseconds) -> JSON string of the decimal integer;
// List -> array; null -> null.
import pl from 'nodejs-polars';

const [file] = process.argv.slice(2);
if (!file) {
  console.error('usage: read-polars.mjs FILE');
  process.exit(2);
}

const df = pl.readParquet(file);
const columns = df.columns.map((name) => [name, df.getColumn(name).dtype.toString().replace(/^DataType\((.*)\)$/, '$1')]);
const wide = new Set();
const casts = [];
for (const [name, dtype] of columns) {
  if (/Datetime|\bInt64\b/.test(dtype)) {
    // Strings keep full 64-bit precision; Datetime -> Int64 gives the stored microseconds.
    casts.push(pl.col(name).cast(pl.Int64).cast(pl.Utf8));
    wide.add(name);
  }
}
const view = casts.length > 0 ? df.withColumns(...casts) : df;
const out = [JSON.stringify({ columns })];
for (const record of view.toRecords()) {
  out.push(JSON.stringify(record, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
}
process.stdout.write(out.join('\n') + '\n');
