/**
 * Static checks on what `electron-vite build` produced (docs/reliability-and-safety.md S1, S3):
 * they need the build, which scripts/test-all.sh runs before the integration suite.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '..', '..')
const out = join(root, 'out')
const read = (...parts: string[]): string => readFileSync(join(out, ...parts), 'utf8')

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)
        ? [join(dir, e.name)]
        : []
  )

describe('build output', () => {
  it('exists (run `npx electron-vite build` first)', () => {
    expect(existsSync(join(out, 'preload', 'index.cjs'))).toBe(true)
    expect(existsSync(join(out, 'main', 'cli.js'))).toBe(true)
    expect(existsSync(join(out, 'renderer', 'index.html'))).toBe(true)
  })

  it('the sandboxed preload is CommonJS and requires nothing but electron', () => {
    const preload = read('preload', 'index.cjs')
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron'])
    expect(preload).toContain('exposeInMainWorld')
  })

  it('the renderer bundle imports no Node built-ins, drivers or electron', () => {
    const assets = join(out, 'renderer', 'assets')
    const js = readdirSync(assets).filter((f) => f.endsWith('.js'))
    expect(js.length).toBeGreaterThan(0)
    for (const file of js) {
      const text = readFileSync(join(assets, file), 'utf8')
      expect(text, file).not.toMatch(/\bfrom\s*["'](node:[a-z_/]+|electron|pg|ioredis|mongodb)["']/)
      expect(text, file).not.toMatch(/\brequire\(["'](node:|fs|child_process|electron)/)
    }
  })

  it('the CLI and serve entry never load electron', () => {
    const cli = read('main', 'cli.js')
    expect(cli).not.toMatch(/from\s*["']electron["']|require\(["']electron["']\)/)
  })

  it('the built analyze path loads no driver, SQL parser or zod before reading input', () => {
    // The bundler may move modules between chunks: follow the static imports of what it wrote.
    const reached = new Set<string>()
    const visit = (file: string): void => {
      if (reached.has(file)) return
      reached.add(file)
      const text = readFileSync(file, 'utf8')
      for (const [, spec] of text.matchAll(/^import\s[^;]*?["']([^"']+)["']/gm))
        if (spec?.startsWith('.')) visit(resolve(file, '..', spec))
        else if (spec) reached.add(spec)
    }
    visit(join(out, 'main', 'cli.js'))
    expect(reached.size).toBeGreaterThan(2)
    const slow = ['pg', 'pg-cursor', 'ioredis', 'mongodb', 'libpg-query', 'zod', 'yaml']
    expect([...reached].filter((spec) => slow.includes(spec))).toEqual([])
  })

  it('windows are created only by the window factory, with isolation and sandbox on', () => {
    const offenders = sourceFiles(join(root, 'src')).filter((f) =>
      /new BrowserWindow\(|new WebContentsView\(/.test(readFileSync(f, 'utf8'))
    )
    expect(offenders.map((f) => f.slice(root.length + 1))).toEqual(['src/main/window.ts'])
    const factory = readFileSync(join(root, 'src', 'main', 'window.ts'), 'utf8')
    for (const setting of [
      'contextIsolation: true',
      'sandbox: true',
      'nodeIntegration: false',
      'webSecurity: true',
      'webviewTag: false'
    ]) {
      expect(factory).toContain(setting)
    }
  })
})
