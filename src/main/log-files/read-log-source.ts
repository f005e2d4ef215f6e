/**
 * A log file or stdin as a stream: decompressed when it starts with the gzip (node:zlib), bzip2 or xz
 * magic (decompress.ts), its kind told from the first 64 KB, then fed to the pure LogAnalyzer (PostgreSQL)
 * or MongoLogAnalyzer (MongoDB 4.4+ JSON) line by line (or record by record through csv-parse's stream
 * parser for csvlog), so memory stays bounded whatever the size. Anything that is not a server log is handed back whole, for the pasted-output kinds.
 */
import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { parse as parseCsv } from 'csv-parse'
import type { AnalysisReport } from '../../shared/findings'
import { sortFindings } from '../../shared/findings'
import { LineSplitter } from '../diagnostics/pglog/line-splitter'
import {
  detectLogFormat,
  LogAnalyzer,
  type LogFormat,
  type LogOptions
} from '../diagnostics/pglog/log-analyzer'
import { csvOptions, type CsvRecord } from '../diagnostics/pglog/log-kind'
import { loadShapeParser } from '../diagnostics/pglog/statement-shape'
import { isMongoJsonLog, MongoLogAnalyzer } from '../diagnostics/mongolog/mongo-log-analyzer'
import { compressionOf, decompress } from './decompress'

const HEAD_BYTES = 64 * 1024

/** Reads chunks until `min` bytes (or the end) and gives them back with the rest of the iteration. */
const peek = async (
  source: AsyncIterable<Buffer> | Iterable<Buffer>,
  min: number
): Promise<{ head: Buffer; rest: AsyncIterator<Buffer> }> => {
  const it =
    Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : toAsync(source[Symbol.iterator]())
  const chunks: Buffer[] = []
  let size = 0
  while (size < min) {
    const next = await it.next()
    if (next.done) break
    chunks.push(next.value)
    size += next.value.length
  }
  return { head: Buffer.concat(chunks), rest: it }
}

const toAsync = (it: Iterator<Buffer>): AsyncIterator<Buffer> => ({ next: async () => it.next() })

async function* chain(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value
}

const isGzip = (b: Buffer): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b

const readMongoLog = async (bytes: AsyncIterable<Buffer>, input: string): Promise<AnalysisReport> => {
  const analyzer = new MongoLogAnalyzer()
  await feedLines(
    (line) => analyzer.pushLine(line),
    () => analyzer.markCut(),
    bytes
  )
  const result = analyzer.finish()
  const base = { input, engine: 'mongo', kind: 'mongo.log' } as const
  return result.ok
    ? {
        ...base,
        ok: true,
        summary: result.value.summary,
        findings: sortFindings(result.value.findings),
        error: null
      }
    : {
        ...base,
        ok: false,
        summary: {},
        findings: [],
        error: { code: result.code, message: result.message, line: result.line }
      }
}

export type SourceResult = { log: true; report: AnalysisReport } | { log: false; text: string }

export const readLogSource = async (
  source: AsyncIterable<Buffer> | Iterable<Buffer>,
  input: string,
  options: LogOptions & { engine?: 'postgres' | 'mongo' } = {}
): Promise<SourceResult> => {
  const raw = await peek(source, HEAD_BYTES)
  let bytes: AsyncIterable<Buffer> = chain(raw.head, raw.rest)
  const compression = compressionOf(raw.head)
  if (isGzip(raw.head)) bytes = Readable.from(bytes).pipe(createGunzip())
  else if (compression) bytes = decompress(compression, bytes)
  const { head, rest } = await peek(bytes, HEAD_BYTES)
  const text = head.toString('utf8')
  const format = options.engine === 'mongo' ? null : detectLogFormat(text)
  if (format === null && options.engine !== 'postgres' && isMongoJsonLog(text))
    return { log: true, report: await readMongoLog(chain(head, rest), input) }
  if (format === null) {
    const chunks = [head]
    for (let next = await rest.next(); !next.done; next = await rest.next()) chunks.push(next.value)
    return { log: false, text: Buffer.concat(chunks).toString('utf8') }
  }
  await loadShapeParser()
  const analyzer = new LogAnalyzer(format, options)
  await feed(analyzer, format, chain(head, rest))
  const result = analyzer.finish()
  return {
    log: true,
    report: result.ok
      ? {
          input,
          ok: true,
          engine: 'postgres',
          kind: 'pg.log',
          summary: result.value.summary,
          findings: sortFindings(result.value.findings),
          error: null
        }
      : {
          input,
          ok: false,
          engine: 'postgres',
          kind: 'pg.log',
          summary: {},
          findings: [],
          error: { code: result.code, message: result.message, line: result.line }
        }
  }
}

const feed = async (
  analyzer: LogAnalyzer,
  format: LogFormat,
  bytes: AsyncIterable<Buffer>
): Promise<void> => {
  if (format === 'csvlog') {
    const records = Readable.from(bytes).pipe(parseCsv(csvOptions(analyzer)))
    for await (const r of records as AsyncIterable<CsvRecord>) analyzer.pushCsvRecord(r.record, r.info.lines)
    return
  }
  await feedLines(
    (line) => analyzer.pushLine(line),
    () => analyzer.markCut(),
    bytes
  )
}

const feedLines = async (
  onLine: (line: string) => void,
  onCut: () => void,
  bytes: AsyncIterable<Buffer>
): Promise<void> => {
  const decoder = new TextDecoder('utf-8')
  const splitter = new LineSplitter(onLine)
  for await (const chunk of bytes) splitter.write(decoder.decode(chunk, { stream: true }))
  splitter.write(decoder.decode())
  if (!splitter.end()) onCut()
}
