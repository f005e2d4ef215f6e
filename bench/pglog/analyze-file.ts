/** Child process of pglog.bench.ts: streams one log through readLogSource, prints the entry count. */
import { createReadStream } from 'node:fs'
import { readLogSource } from '../../src/main/log-files/read-log-source'

const path = process.argv[2] ?? ''
const result = await readLogSource(createReadStream(path), path)
if (!result.log || !result.report.ok) throw new Error(`not read as a log: ${path}`)
console.log(String(result.report.summary.entries))
