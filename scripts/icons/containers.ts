/**
 * Icon containers around PNG images, as Windows (ICO) and macOS (ICNS) read them. Both formats accept
 * PNG payloads for every size used here, so no pixel conversion is needed.
 */

export interface SizedPng {
  size: number
  png: Uint8Array
}

/** ICO: a 6-byte header, one 16-byte entry per image, then the PNGs. A size of 256 is written as 0. */
export const encodeIco = (images: SizedPng[]): Buffer => {
  const header = Buffer.alloc(6)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(images.length, 4)
  let offset = 6 + 16 * images.length
  const entries = images.map(({ size, png }) => {
    if (size > 256) throw new Error(`ICO images are at most 256 px, not ${size}`)
    const entry = Buffer.alloc(16)
    entry.writeUInt8(size % 256, 0)
    entry.writeUInt8(size % 256, 1)
    entry.writeUInt16LE(1, 4)
    entry.writeUInt16LE(32, 6)
    entry.writeUInt32LE(png.length, 8)
    entry.writeUInt32LE(offset, 12)
    offset += png.length
    return entry
  })
  return Buffer.concat([header, ...entries, ...images.map((i) => Buffer.from(i.png))])
}

/** The ICNS element type for each pixel size (the @2x types reuse a larger image of the same pixels). */
export const ICNS_TYPES: Record<string, number> = {
  icp4: 16,
  icp5: 32,
  ic11: 32,
  icp6: 64,
  ic12: 64,
  ic07: 128,
  ic08: 256,
  ic13: 256,
  ic09: 512,
  ic14: 512,
  ic10: 1024
}

/** ICNS: 'icns' + total length, then per element its 4-char type, its length (with this header), the PNG. */
export const encodeIcns = (pngBySize: Map<number, Uint8Array>): Buffer => {
  const elements = Object.entries(ICNS_TYPES).map(([type, size]) => {
    const png = pngBySize.get(size)
    if (png === undefined) throw new Error(`ICNS needs a ${size} px image for ${type}`)
    const head = Buffer.alloc(8)
    head.write(type, 0, 'ascii')
    head.writeUInt32BE(8 + png.length, 4)
    return Buffer.concat([head, Buffer.from(png)])
  })
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'ascii')
  head.writeUInt32BE(8 + elements.reduce((n, e) => n + e.length, 0), 4)
  return Buffer.concat([head, ...elements])
}
