import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { initWasm, Resvg } from '@resvg/resvg-wasm'
import { describe, expect, it } from 'vitest'
import { ICO_SIZES, PNG_SIZES } from '../make-icons'
import { ICNS_TYPES } from './containers'

const resources = join(import.meta.dirname, '..', '..', 'resources')
const PNG_SIGNATURE = '89504e470d0a1a0a'

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Buffer): [number, number] => {
  expect(png.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE)
  return [png.readUInt32BE(16), png.readUInt32BE(20)]
}

describe('the app icons in resources/', () => {
  it('has a PNG of every Linux size, each of its stated pixels', () => {
    for (const size of PNG_SIZES)
      expect(pngSize(readFileSync(join(resources, 'icons', `${size}x${size}.png`)))).toEqual([size, size])
  })

  it('has an ICO holding every Windows size as PNG, each entry pointing at an image of that size', () => {
    const ico = readFileSync(join(resources, 'icon.ico'))
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1])
    const count = ico.readUInt16LE(4)
    const sizes = Array.from({ length: count }, (_, i) => {
      const entry = 6 + 16 * i
      const offset = ico.readUInt32LE(entry + 12)
      const image = ico.subarray(offset, offset + ico.readUInt32LE(entry + 8))
      const stated = ico.readUInt8(entry) || 256
      expect(pngSize(image)).toEqual([stated, stated])
      return stated
    })
    expect(sizes).toEqual(ICO_SIZES)
  })

  it('has an ICNS holding every macOS element, each a PNG of its size, lengths adding up', () => {
    const icns = readFileSync(join(resources, 'icon.icns'))
    expect(icns.toString('ascii', 0, 4)).toBe('icns')
    expect(icns.readUInt32BE(4)).toBe(icns.length)
    const found: Record<string, number> = {}
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      const type = icns.toString('ascii', at, at + 4)
      found[type] = pngSize(icns.subarray(at + 8, at + icns.readUInt32BE(at + 4)))[0]
    }
    expect(found).toEqual(ICNS_TYPES)
  })

  it('is rendered from the current icon.svg (run scripts/make-icons.ts after changing it)', async () => {
    await initWasm(readFileSync(createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm')))
    const svg = readFileSync(join(resources, 'icon.svg'), 'utf8')
    const rendered = new Resvg(svg, { fitTo: { mode: 'width', value: 64 } }).render().asPng()
    expect(Buffer.from(rendered).equals(readFileSync(join(resources, 'icons', '64x64.png')))).toBe(true)
  })
})
