import { describe, expect, it } from 'vitest'
import { showHidden, splitHidden } from './hidden-chars'

describe('hidden characters in displayed text', () => {
  it('shows a right-to-left override instead of applying it', () => {
    expect(splitHidden('invoice\u202Efdp.exe')).toEqual([
      { text: 'invoice', hidden: false },
      { text: 'U+202E', hidden: true, name: 'RIGHT-TO-LEFT OVERRIDE' },
      { text: 'fdp.exe', hidden: false }
    ])
  })

  it('shows every bidi embedding, override and isolate (U+202A-202E, U+2066-2069)', () => {
    expect(showHidden('a\u202Ab\u202Bc\u202Cd\u202De\u202E')).toBe(
      'a[U+202A]b[U+202B]c[U+202C]d[U+202D]e[U+202E]'
    )
    expect(showHidden('a\u2066b\u2067c\u2068d\u2069')).toBe('a[U+2066]b[U+2067]c[U+2068]d[U+2069]')
  })

  it('shows the bidi marks', () => {
    expect(showHidden('x\u200Ey\u200Fz\u061C')).toBe('x[U+200E]y[U+200F]z[U+061C]')
  })

  it('shows zero-width characters (U+200B-200D, U+FEFF) that make two names look alike', () => {
    expect(showHidden('us\u200Bers')).toBe('us[U+200B]ers')
    expect(showHidden('us\u200Cers')).toBe('us[U+200C]ers')
    expect(showHidden('us\u200Ders')).toBe('us[U+200D]ers')
    expect(showHidden('\uFEFFusers')).toBe('[U+FEFF]users')
    expect(splitHidden('\u200D')).toEqual([{ text: 'U+200D', hidden: true, name: 'ZERO WIDTH JOINER' }])
  })

  it('keeps the joiner inside an emoji sequence', () => {
    expect(showHidden('👩‍💻 👨🏽‍💻 🏳️‍🌈')).toBe('👩‍💻 👨🏽‍💻 🏳️‍🌈')
  })

  it('shows C0 controls and DEL, keeps tab, newline and carriage return', () => {
    expect(showHidden('ctl\u0000\u0001\u001b[31m\u007f')).toBe('ctl[U+0000][U+0001][U+001B][31m[U+007F]')
    expect(showHidden('tab\tline\nend\r\n')).toBe('tab\tline\nend\r\n')
    expect(splitHidden('\u0007')).toEqual([{ text: 'U+0007', hidden: true, name: 'control character' }])
  })

  it('shows C1 controls (U+0080-009F), among them the one-byte CSI and OSC', () => {
    expect(showHidden('\u0085\u009B2J\u009D0;t\u009C')).toBe('[U+0085][U+009B]2J[U+009D]0;t[U+009C]')
  })

  it('returns plain text untouched, in one part, and the empty string as one empty part', () => {
    expect(splitHidden('<script>alert(1)</script>')).toEqual([
      { text: '<script>alert(1)</script>', hidden: false }
    ])
    expect(splitHidden('')).toEqual([{ text: '', hidden: false }])
    expect(showHidden('plain')).toBe('plain')
  })
})
