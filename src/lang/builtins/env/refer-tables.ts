// Reference tables for query_refer_table/mquery_refer_table, loaded from local files: JSON in
// Datakit's refer_table form, or CSV with one table per file. Datakit pulls the same JSON from
// a URL on an interval; here the files are read once, when the scripts are compiled.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { goParseFloat } from '../../grok/compile';
import { type Value, formatFloatPlain } from '../../value';
import { parseCsv } from '../lib/csv';

type Cell = string | bigint | number | boolean;
const TYPES = ['string', 'int', 'float', 'bool'] as const;
type ColumnType = (typeof TYPES)[number];

interface Table {
  columns: string[];
  rows: Cell[][];
  /** Per column: typed value → the rows holding it, in order. */
  index: Map<string, Map<string, number[]>>;
}

export interface ReferTables {
  /** The first row whose columns equal the values (same type and value), as column → cell. */
  query(table: string, columns: string[], values: Value[]): Map<string, Cell> | undefined;
}

/** A value's identity in an index: type and text, so that the int 123 and the float 123.0 differ, as in Go. */
function cellKey(v: Value): string | undefined {
  switch (typeof v) {
    case 'string': return `s${v}`;
    case 'bigint': return `i${v}`;
    case 'number': return `f${v}`;
    case 'boolean': return v ? 'bt' : 'bf';
    default: return undefined;
  }
}

/** A cell converted to its column's type the way Datakit converts (spf13/cast); undefined when it cannot be. */
function convert(raw: unknown, type: ColumnType): Cell | undefined {
  const text = typeof raw === 'string' ? raw.trim() : undefined;
  switch (type) {
    case 'string':
      if (typeof raw === 'number') return formatFloatPlain(raw);
      return typeof raw === 'string' || typeof raw === 'boolean' ? String(raw) : undefined;
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'number') return raw !== 0;
      if (text !== undefined && /^(1|t|T|TRUE|true|True)$/.test(text)) return true;
      if (text !== undefined && /^(0|f|F|FALSE|false|False)$/.test(text)) return false;
      return undefined;
    case 'int':
      if (typeof raw === 'number') return Number.isFinite(raw) ? BigInt(Math.trunc(raw)) : undefined;
      if (typeof raw === 'boolean') return raw ? 1n : 0n;
      if (text !== undefined && /^[+-]?\d+(\.0*)?$/.test(text)) return BigInt(text.replace(/\.0*$/, ''));
      return undefined;
    case 'float': {
      if (typeof raw === 'number') return raw;
      if (typeof raw === 'boolean') return raw ? 1 : 0;
      return text === undefined ? undefined : goParseFloat(text);
    }
  }
}

function buildTable(name: string, columns: unknown, types: unknown, rows: unknown): Table {
  if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string' && c !== '')) throw new Error(`table "${name}": column_name must be a list of non-empty names`);
  if (!Array.isArray(types) || types.length !== columns.length) throw new Error(`table "${name}": column_type must give one type per column`);
  const bad = types.find((t) => !TYPES.includes(t));
  if (bad !== undefined) throw new Error(`table "${name}": unsupported column type ${JSON.stringify(bad)} (use string, int, float or bool)`);
  if (!Array.isArray(rows)) throw new Error(`table "${name}": row_data must be a list of rows`);
  const index = new Map<string, Map<string, number[]>>(columns.map((c) => [c, new Map()]));
  const typed = rows.map((row, r) => {
    if (!Array.isArray(row) || row.length !== columns.length) throw new Error(`table "${name}": row ${r} must have ${columns.length} cells`);
    return row.map((raw, c) => {
      const v = convert(raw, types[c] as ColumnType);
      if (v === undefined) throw new Error(`table "${name}": row ${r}, column "${columns[c]}": cannot read ${JSON.stringify(raw)} as ${types[c]}`);
      const byValue = index.get(columns[c]) as Map<string, number[]>;
      const k = cellKey(v) as string;
      const at = byValue.get(k);
      if (at) at.push(r);
      else byValue.set(k, [r]);
      return v;
    });
  });
  return { columns, rows: typed, index };
}

function jsonTables(text: string, file: string): Array<[string, Table]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`"${file}": not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`"${file}": must be a JSON list of tables`);
  return parsed.map((t: Record<string, unknown>) => {
    const name = t?.table_name;
    if (typeof name !== 'string' || name === '') throw new Error(`"${file}": every table needs a table_name`);
    return [name, buildTable(name, t.column_name, t.column_type, t.row_data)];
  });
}

/** A CSV file is one table named after the file; header cells are `name` or `name:type` (default string). */
function csvTable(text: string, file: string): [string, Table] {
  const name = path.basename(file, path.extname(file));
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error(`"${file}": empty CSV`);
  const columns = header.map((h) => h.replace(/:(string|int|float|bool)$/, ''));
  const types = header.map((h) => /:(string|int|float|bool)$/.exec(h)?.[1] ?? 'string');
  return [name, buildTable(name, columns, types, rows)];
}

/** Loads tables from JSON and CSV files; throws a message naming the file and the problem. */
export function loadReferTables(files: string[]): ReferTables {
  const tables = new Map<string, Table>();
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new Error(`cannot read "${file}": ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    const loaded = /\.csv$/i.test(file) ? [csvTable(text, file)] : jsonTables(text, file);
    // As Datakit: the first table of a name wins.
    for (const [name, t] of loaded) if (!tables.has(name)) tables.set(name, t);
  }
  return { query: (table, columns, values) => query(tables.get(table), columns, values) };
}

function query(t: Table | undefined, columns: string[], values: Value[]): Map<string, Cell> | undefined {
  if (!t || columns.length === 0 || columns.length !== values.length) return undefined;
  let rows: number[] | undefined;
  for (let i = 0; i < columns.length; i++) {
    const k = cellKey(values[i]);
    const hits = k === undefined ? undefined : t.index.get(columns[i])?.get(k);
    if (!hits) return undefined;
    rows = rows === undefined ? hits : rows.filter((r) => hits.includes(r));
    if (rows.length === 0) return undefined;
  }
  const row = t.rows[(rows as number[])[0]];
  return new Map(t.columns.map((c, i) => [c, row[i]]));
}
