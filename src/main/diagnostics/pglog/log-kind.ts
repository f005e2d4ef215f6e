/**
 * The `pg.log` analysis kind for text in memory (the paste box, small files): the same LogAnalyzer the
 * streaming reader of src/main/log-files feeds. csvlog text goes through csv-parse's sync API.
 */
import type { CsvError } from 'csv-parse/sync'
import { parse as parseCsv } from 'csv-parse/sync'
import type { AnalysisKind } from '../kind'
import { parseFailure } from '../parse-result'
import { LineSplitter } from './line-splitter'
import { detectLogFormat, LogAnalyzer, type LogOptions } from './log-analyzer'

const HEAD = 64 * 1024

export interface CsvRecord {
  record: string[]
  info: { lines: number }
}

/**
 * The csv-parse options both readers use: string arrays with their line, ragged rows kept (the
 * analyzer counts them), a bad record skipped and counted; an unclosed quote can only be the end of
 * the input, so it is the cut last record.
 */
export const csvOptions = (analyzer: LogAnalyzer) => ({
  relax_column_count: true,
  info: true as const,
  skip_records_with_error: true,
  on_skip: (err: CsvError | undefined): undefined => {
    if (err?.code === 'CSV_QUOTE_NOT_CLOSED') analyzer.markCut()
    else analyzer.pushUnreadable(Number(err?.lines ?? 0), err?.message ?? 'unreadable CSV record')
  }
})

export const analyzeLogText = (text: string, options: LogOptions = {}) => {
  const format = detectLogFormat(text.slice(0, HEAD))
  if (format === null)
    return parseFailure('UNRECOGNIZED', 'This does not look like a PostgreSQL server log.', null)
  const analyzer = new LogAnalyzer(format, options)
  if (format === 'csvlog') {
    const records = parseCsv(text, csvOptions(analyzer)) as unknown as CsvRecord[]
    for (const r of records) analyzer.pushCsvRecord(r.record, r.info.lines)
    return analyzer.finish()
  }
  const splitter = new LineSplitter((line) => analyzer.pushLine(line))
  splitter.write(text)
  if (!splitter.end()) analyzer.markCut()
  return analyzer.finish()
}

export const pgLogKind: AnalysisKind = {
  kind: 'pg.log',
  engine: 'postgres',
  detect: (text) => (detectLogFormat(text.slice(0, HEAD)) === null ? 0 : 2),
  analyze: (text) => analyzeLogText(text)
}
