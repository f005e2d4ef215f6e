import { describe, expect, it } from 'vitest'
import { showHidden, splitHidden } from './hidden-chars'

describe('hidden characters in server text', () => {
  it('shows a right-to-left override instead of applying it', () => {
    expect(splitHidden('invoice\u202Efdp.exe')).toEqual([
      { text: 'invoice', hidden: false },
      { text: 'U+202E', hidden: true, name: 'RIGHT-TO-LEFT OVERRIDE' },
      { text: 'fdp.exe', hidden: false }
    ])
    expect(showHidden('abc\u202Edef\u202C ghi\u2066iso\u2069')).toBe(
      'abc[U+202E]def[U+202C] ghi[U+2066]iso[U+2069]'
    )
  })

  it('shows controls and zero-width characters, keeps joiners, tabs and newlines', () => {
    expect(showHidden('ctl\u0001\u001b[31m\u007f\u0085')).toBe('ctl[U+0001][U+001B][31m[U+007F][U+0085]')
    expect(showHidden('zero\u200Bwidth\u200Fmarks\uFEFF')).toBe('zero[U+200B]width[U+200F]marks[U+FEFF]')
    expect(showHidden('👩‍💻 tab\tline\nend\r\n')).toBe('👩‍💻 tab\tline\nend\r\n')
    expect(splitHidden('\u202E')).toEqual([{ text: 'U+202E', hidden: true, name: 'RIGHT-TO-LEFT OVERRIDE' }])
  })

  it('returns plain text untouched, in one part, and the empty string as one empty part', () => {
    expect(splitHidden('<script>alert(1)</script>')).toEqual([
      { text: '<script>alert(1)</script>', hidden: false }
    ])
    expect(splitHidden('')).toEqual([{ text: '', hidden: false }])
    expect(showHidden('plain')).toBe('plain')
  })
})
