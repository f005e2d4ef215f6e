/**
 * bzip2 and xz logs decompressed as a stream by Debian's `bzip2 -dc` / `xz -dc` (scripts/setup.sh
 * installs both): npm has no maintained streaming bzip2 decoder, and its xz decoders are native addons or
 * whole-buffer only. A missing tool, a corrupt or a cut file is an error saying which tool, what it said
 * and after how many decompressed bytes: never a hang or a silent partial report.
 */
import { spawn } from 'node:child_process'
import { Readable } from 'node:stream'

export type Compression = 'bzip2' | 'xz'

const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])

/** bzip2: "BZh" + block size '1'..'9'; xz: FD 37 7A 58 5A 00 (the .xz file format, 2.1.1.1). */
export const compressionOf = (head: Buffer): Compression | null => {
  const level = head[3] ?? 0
  if (head.toString('latin1', 0, 3) === 'BZh' && level >= 0x31 && level <= 0x39) return 'bzip2'
  if (head.subarray(0, 6).equals(XZ_MAGIC)) return 'xz'
  return null
}

export async function* decompress(tool: Compression, bytes: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const child = spawn(tool, ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] })
  const exited = new Promise<{ code: number | null; error: Error | null }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }))
    child.once('close', (code) => resolve({ code, error: null }))
  })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr = (stderr + t).slice(-500)))
  // The tool may stop reading (bad data): its exit status tells, so a broken pipe here is not the error.
  child.stdin.on('error', () => undefined)
  const input = Readable.from(bytes).on('error', () => child.kill())
  input.pipe(child.stdin)
  let out = 0
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      out += chunk.length
      yield chunk
    }
  } finally {
    // A reader that stops early (an error downstream) must not leave the tool running.
    if (child.exitCode === null) child.kill()
    // A tool that stopped on bad data leaves the rest of the file unread: close it.
    input.destroy()
  }
  const { code, error } = await exited
  if (error)
    throw new Error(
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `this is a ${tool} file and the ${tool} command is not installed (apt-get install ${tool === 'xz' ? 'xz-utils' : 'bzip2'})`
        : `${tool} could not start: ${error.message}`
    )
  if (code !== 0)
    throw new Error(
      `${tool} -dc failed after ${out} decompressed bytes (exit ${code}): ${stderr.trim().replace(/\s+/g, ' ') || 'no message'}`
    )
}
