/**
 * How a Redis argv is shown (redis-cli syntax) and how it travels (RESP). Pure: the guard's exact
 * statement and the wire bytes of a guarded command both derive from the same argv.
 */
/** redis-cli style: bare when safe, else double-quoted with \" \\ and \xHH escapes. */
export const renderArg = (arg: string): string => {
  if (/^[A-Za-z0-9_:.\-/{}@#*+=,]+$/.test(arg)) return arg
  let out = '"'
  for (const ch of arg) {
    const code = ch.codePointAt(0) ?? 0
    if (ch === '"' || ch === '\\') out += `\\${ch}`
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`
    else out += ch
  }
  return `${out}"`
}

export const renderCommand = (argv: readonly string[]): string => argv.map(renderArg).join(' ')

/** The RESP bytes ioredis writes for argv: lets tests find the command in a wire capture. */
export const respOf = (argv: readonly string[]): Buffer =>
  Buffer.concat([
    Buffer.from(`*${argv.length}\r\n`),
    ...argv.map((a) =>
      Buffer.concat([Buffer.from(`$${Buffer.byteLength(a)}\r\n`), Buffer.from(a), Buffer.from('\r\n')])
    )
  ])
