/**
 * Renders resources/icon.svg into every icon the packages need: resources/icons/<n>x<n>.png (Linux,
 * and the window icon), resources/icon.ico (Windows) and resources/icon.icns (macOS).
 * Run after changing the SVG: `npx tsx scripts/make-icons.ts`; the outputs are committed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { initWasm, Resvg } from '@resvg/resvg-wasm'
import { encodeIcns, encodeIco } from './icons/containers'

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]

const resources = join(import.meta.dirname, '..', 'resources')

const main = async (): Promise<void> => {
  await initWasm(readFileSync(createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm')))
  const svg = readFileSync(join(resources, 'icon.svg'), 'utf8')
  const pngs = new Map(
    PNG_SIZES.map((size) => [
      size,
      new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng()
    ])
  )
  mkdirSync(join(resources, 'icons'), { recursive: true })
  for (const [size, png] of pngs) writeFileSync(join(resources, 'icons', `${size}x${size}.png`), png)
  writeFileSync(
    join(resources, 'icon.ico'),
    encodeIco(ICO_SIZES.map((size) => ({ size, png: pngs.get(size) ?? new Uint8Array() })))
  )
  writeFileSync(join(resources, 'icon.icns'), encodeIcns(pngs))
}

if (process.argv[1] === import.meta.filename) await main()
