import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { minimatch } from 'minimatch'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { trayIconFile, WINDOW_ICON_FILE } from './app-icons'

interface BuilderConfig {
  asar?: boolean
  productName?: string
  files: string[]
  electronFuses: Record<string, boolean>
  linux: { target: string[]; icon: string }
  mac: { target: string[]; icon: string }
  win: { target: string[]; icon: string }
}

const root = join(import.meta.dirname, '..', '..')
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>

/** electron-builder's rule: a path is packed when the last pattern that matches it is not a negation. */
const packed = (path: string): boolean =>
  config.files.reduce(
    (included, pattern) =>
      pattern.startsWith('!')
        ? included && !minimatch(path, pattern.slice(1), { dot: true })
        : included || minimatch(path, pattern, { dot: true }),
    false
  )

describe('electron-builder.yml', () => {
  it('sets every fuse of the safety issue', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true
    })
  })

  it('packs an asar, and takes the product name and version from package.json', () => {
    expect(config.asar).toBe(true)
    expect(config.productName).toBeUndefined()
    expect(packageJson.productName).toBe('dbconsole')
    expect(packageJson.version).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('builds AppImage and deb, dmg, and nsis', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.mac.target).toEqual(['dmg'])
    expect(config.win.target).toEqual(['nsis'])
  })

  it('points each platform at an icon in resources/', () => {
    expect(existsSync(join(root, config.linux.icon, '512x512.png'))).toBe(true)
    expect(existsSync(join(root, config.mac.icon))).toBe(true)
    expect(existsSync(join(root, config.win.icon))).toBe(true)
  })

  it('packs every icon the app loads at run time, and each exists', () => {
    const platforms: NodeJS.Platform[] = ['linux', 'darwin', 'win32']
    for (const file of [WINDOW_ICON_FILE, ...platforms.map(trayIconFile)]) {
      expect(existsSync(join(root, file)), file).toBe(true)
      expect(packed(file), file).toBe(true)
    }
  })

  it('packs the built app: main, preload, renderer and package.json', () => {
    for (const path of [
      'package.json',
      'out/main/index.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'out/renderer/assets/index-abc123.js',
      'resources/icons/512x512.png'
    ])
      expect(packed(path), path).toBe(true)
  })

  it('leaves out tests, fixtures, source maps, secrets, .env files and sources', () => {
    for (const path of [
      'out/main/index.js.map',
      'out/main/cli.test.js',
      'node_modules/pg/test/unit/client.js',
      'node_modules/x/__tests__/a.js',
      'out/fixtures/explain--seq-scan--pg15.txt',
      '.env',
      'out/.env.production',
      'out/server.key',
      'out/cert.pem',
      'out/profiles.json',
      'out/secrets.json',
      'out/audit.jsonl',
      'src/main/index.ts',
      'e2e/console.spec.ts',
      'README.md'
    ])
      expect(packed(path), path).toBe(false)
  })
})
