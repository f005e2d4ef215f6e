/**
 * Server data is hostile input: markup, script, javascript: URLs, bidi overrides, control characters,
 * very long strings, emoji and NUL. `payloads()` numbers each one so every value is distinct.
 */
export const BASE_PAYLOADS: readonly string[] = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '<a href="javascript:alert(1)">click me</a>',
  '<svg onload=alert(1)>',
  '"><iframe src=javascript:alert(1)></iframe>',
  'invoice\u202Efdp.exe',
  'abc\u202Edef\u202C ghi\u2066iso\u2069',
  'ctl\u0001\u0002\u0007\u001b[31mred\u001b[0m',
  'emoji 😀🔥👩‍💻 🇫🇷',
  '${7*7} {{7*7}} #{7*7}',
  "'; drop table users; --",
  '<style>body{display:none}</style>',
  '&lt;escaped&gt; &amp; &#x3C;',
  'tab\tand\nnewline\r\nand cr',
  '<b onmouseover=alert(1)>hover</b>',
  'data:text/html,<script>alert(1)</script>',
  'zero\u200Bwidth\u200Fmarks\uFEFF',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '</textarea><script>alert(1)</script>'
]

/** A 10,000-character string: it must never widen a layout. */
export const LONG_PAYLOAD = `long:${'W'.repeat(9_995)}`

/** At least `count` distinct payloads; `withNul` adds NUL bytes where the server allows them. */
export const payloads = (count: number, withNul: boolean): string[] => {
  const out: string[] = []
  for (let i = 0; out.length < count; i++) out.push(`${i}:${BASE_PAYLOADS[i % BASE_PAYLOADS.length]}`)
  out.push(LONG_PAYLOAD)
  if (withNul) out.push('nul\u0000byte', '\u0000leading nul')
  return out
}

/** A PostgreSQL identifier, quoted; the server truncates past 63 bytes itself. */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`
