/**
 * Reads a result through a cursor (pg-cursor: the extended protocol's portal, fetched a batch at a
 * time), so the console's caps hold while reading: past `maxRows` + 1 rows or `maxBytes` of text the
 * rest is never fetched, and a 200 MB result costs at most a batch more than the cap.
 */
import type pg from 'pg'
import Cursor from 'pg-cursor'
import { rowTextBytes } from '../console-result'

export interface ReadLimits {
  maxRows: number
  maxBytes: number
}

const BATCH_ROWS = 100
/** The first batch is small: until a row has been seen, nothing says how wide they are. */
const FIRST_BATCH_ROWS = 10
/** Rows wider than this are fetched one at a time, so one batch cannot overshoot the byte cap by much. */
const WIDE_ROW_BYTES = 64 * 1024

const readBatch = (
  cursor: Cursor<unknown[]>,
  rows: number
): Promise<{ rows: unknown[][]; fields: pg.FieldDef[] }> =>
  new Promise((resolve, reject) => {
    cursor.read(rows, (err, got, result) =>
      err ? reject(err) : resolve({ rows: got, fields: result.fields })
    )
  })

export const readCapped = async (
  client: pg.PoolClient,
  sql: string,
  limits: ReadLimits
): Promise<{ columns: string[]; rows: unknown[][] }> => {
  const cursor = client.query(new Cursor<unknown[]>(sql, undefined, { rowMode: 'array' }))
  const rows: unknown[][] = []
  let fields: pg.FieldDef[] = []
  let bytes = 0
  try {
    let batch = FIRST_BATCH_ROWS
    while (rows.length <= limits.maxRows && bytes <= limits.maxBytes) {
      const got = await readBatch(cursor, Math.min(batch, limits.maxRows + 1 - rows.length))
      fields = got.fields
      if (got.rows.length === 0) break
      for (const row of got.rows) {
        rows.push(row)
        bytes += rowTextBytes(row)
        if (bytes > limits.maxBytes) break
      }
      if (got.rows.length < batch) break
      batch = bytes / rows.length > WIDE_ROW_BYTES ? 1 : BATCH_ROWS
    }
  } finally {
    await cursor.close()
  }
  return { columns: fields.map((f) => f.name), rows }
}
