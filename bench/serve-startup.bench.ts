/**
 * `dbconsole serve` from exec to the first byte of its page, against a static Node HTTP server that
 * serves the same built index.html, timed in the same run (issue 23: first byte < 0.5 s). Each run
 * starts the process, polls GET / until it answers, and kills it.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { builtApp, DBCONSOLE_BIN } from './built-app'
import type { Benchmark } from './harness'

const PORT = Number(process.env.BENCH_SERVE_PORT ?? 46173)
const TOKEN = 'bench-serve-token-0123456789'
const STATIC_SERVER = `
const { createServer } = require('node:http')
const { readFileSync } = require('node:fs')
const page = readFileSync(process.env.PAGE)
createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page)).listen(${PORT}, '127.0.0.1')
`

let env: NodeJS.ProcessEnv = {}

const firstByte = (): Promise<boolean> =>
  new Promise((done) => {
    const req = request({ host: '127.0.0.1', port: PORT, path: '/' }, (res) => {
      res.once('data', () => done(res.statusCode === 200))
      res.resume()
    })
    req.on('error', () => done(false))
    req.end()
  })

/** Starts the process, waits for the first byte of GET / (10 s at most), stops it. */
const timeToFirstByte = async (args: string[]): Promise<void> => {
  const child = spawn(process.execPath, args, { env, stdio: 'ignore' })
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  try {
    const deadline = Date.now() + 10_000
    while (!(await firstByte())) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${args[0]}: no page in 10 s`)
      await new Promise((r) => setTimeout(r, 5))
    }
  } finally {
    // SIGKILL: a graceful stop would wait for the core, which loads after the page, and is not timed here.
    child.kill('SIGKILL')
    await exited
  }
}

const serveArgs = (): string[] => [
  DBCONSOLE_BIN,
  'serve',
  '--port',
  String(PORT),
  '--data-dir',
  join(mkdtempSync(join(tmpdir(), 'bench-serve-')), 'data')
]

export const benchmarks: Benchmark[] = [
  {
    name: 'dbconsole serve: exec to first byte of the page',
    target: 'median < 500 ms',
    budgetMs: 500,
    floor: {
      name: 'static node server',
      run: () => timeToFirstByte(['-e', STATIC_SERVER]),
      maxRatio: 2
    },
    iterations: 10,
    setup: () => {
      const built = builtApp()
      env = {
        ...built,
        DBCONSOLE_TOKEN: TOKEN,
        PAGE: join(built.DBCONSOLE_OUT_DIR ?? '', 'renderer', 'index.html')
      }
    },
    run: () => timeToFirstByte(serveArgs())
  }
]
