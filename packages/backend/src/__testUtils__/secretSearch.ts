import { dumpTables, type Knex } from './pluginDatabases';
/** A value that must not show up, and what it is (never the value itself). */
export interface SecretValue {
  name: string;
  value: string;
}

/** Something searched: where it is, and its text. */
export interface Place {
  name: string;
  text: string;
}

/**
 * The part of the base64 encoding of `bytes` that does not depend on what
 * comes before or after them, when they start `offset` bytes into a 3-byte
 * group of a longer encoded text: without the first group when other bytes
 * share it, and without the last when it is partial.
 */
function stableBase64(bytes: Buffer, offset: number): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString(
    'base64',
  );
  const start = offset === 0 ? 0 : 4;
  const end =
    (offset + bytes.length) % 3 === 0 ? encoded.length : encoded.length - 4;
  return encoded.slice(start, end);
}

/**
 * The forms a value can take in logs, JSON, URLs and encoded blobs: as it is,
 * JSON-escaped, URL-encoded, and base64 (plain and URL-safe) at each of the
 * three alignments within a longer encoded text.
 */
export function encodingsOf(value: string): Array<[string, string]> {
  const bytes = Buffer.from(value, 'utf8');
  const forms: Array<[string, string]> = [
    ['raw', value],
    ['JSON-escaped', JSON.stringify(value).slice(1, -1)],
    ['URL-encoded', encodeURIComponent(value)],
  ];
  for (const offset of [0, 1, 2]) {
    const base64 = stableBase64(bytes, offset);
    forms.push([`base64 at offset ${offset}`, base64]);
    forms.push([
      `base64url at offset ${offset}`,
      base64.replace(/\+/g, '-').replace(/\//g, '_'),
    ]);
  }
  // Fragments too short to mean anything would match by chance.
  const distinct = new Map<string, string>();
  for (const [form, text] of forms) {
    if (text.length >= 8 && !distinct.has(text)) distinct.set(text, form);
  }
  return [...distinct].map(([text, form]) => [form, text]);
}

/** Where each value shows up, in any of its forms: "<name> (<form>) in <place>". */
export function findValues(values: SecretValue[], places: Place[]): string[] {
  const findings: string[] = [];
  for (const { name, value } of values) {
    for (const [form, text] of encodingsOf(value)) {
      for (const place of places) {
        if (place.text.includes(text)) {
          findings.push(`${name} (${form}) in ${place.name}`);
        }
      }
    }
  }
  return findings;
}

/**
 * The one place designed to hold secrets outside the cluster: the scaffolder
 * keeps a task's secrets in this column until the task is claimed (or, with
 * task recovery, completed), so that its steps get them.
 */
const SECRET_STORE = {
  plugin: 'scaffolder',
  table: 'tasks',
  column: 'secrets',
};

/**
 * Every row of every table of every plugin's database (`clients` by plugin
 * id), but the scaffolder's secret store, as places to search.
 */
export async function databaseRowPlaces(
  clients: ReadonlyMap<string, Knex>,
  databaseName: string,
): Promise<Place[]> {
  const places: Place[] = [];
  for (const [plugin, knex] of clients) {
    for (const { table, rows } of await dumpTables(knex)) {
      rows.forEach((row, index) => {
        const values = Object.entries(row)
          .filter(
            ([column]) =>
              !(
                plugin === SECRET_STORE.plugin &&
                table === SECRET_STORE.table &&
                column === SECRET_STORE.column
              ),
          )
          .map(([, value]) =>
            Buffer.isBuffer(value) ? value.toString('utf8') : value,
          );
        places.push({
          name: `${databaseName} database of ${plugin}, table ${table}, row ${
            row.id ?? index
          }`,
          text: JSON.stringify(values),
        });
      });
    }
  }
  return places;
}
