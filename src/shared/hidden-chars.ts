/**
 * Characters that change how text reads without being seen: bidi embeddings, overrides and isolates
 * (the "Trojan Source" trick: `invoice\u202Efdp.exe` displays as `invoiceexe.pdf`), bidi marks,
 * zero-width characters, and C0/C1 controls. Wherever a statement, target or server string is shown
 * (above all for a decision) they appear as visible `U+XXXX` tokens instead of being applied. Shared
 * by the core (challenge texts, CLI output) and the renderer. A zero-width joiner after an emoji is
 * kept: it builds one emoji out of several and cannot disguise a name.
 */
// Matching control characters is the point here.
const HIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B\u200C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]|(?<!\p{Extended_Pictographic}|\u{FE0F}|[\u{1F3FB}-\u{1F3FF}])\u200D/gu

const NAMES: Record<number, string> = {
  0x061c: 'ARABIC LETTER MARK',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE'
}

export type TextPart = { text: string; hidden: false } | { text: string; hidden: true; name: string }

export const codePointLabel = (ch: string): string =>
  `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`

const nameOf = (ch: string): string => NAMES[ch.codePointAt(0) ?? 0] ?? 'control character'

/** The text cut into plain runs and hidden characters (each its own part, labelled U+XXXX). */
export const splitHidden = (text: string): TextPart[] => {
  const parts: TextPart[] = []
  let last = 0
  for (const m of text.matchAll(HIDDEN)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index), hidden: false })
    parts.push({ text: codePointLabel(m[0]), hidden: true, name: nameOf(m[0]) })
    last = m.index + m[0].length
  }
  if (last < text.length || parts.length === 0) parts.push({ text: text.slice(last), hidden: false })
  return parts
}

/** The same as one string, for places that take only text (tooltips): `invoice[U+202E]fdp.exe`. */
export const showHidden = (text: string): string => text.replace(HIDDEN, (ch) => `[${codePointLabel(ch)}]`)
