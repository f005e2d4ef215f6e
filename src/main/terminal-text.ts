import { codePointLabel, showHidden } from '../shared/hidden-chars'

/**
 * Server data made safe to print on a terminal: ESC (so CSI and OSC sequences), BEL, C1 controls
 * (8-bit CSI/OSC), bidi and zero-width characters, and CR and LF (a CR lets a name overwrite the line it
 * is on, an LF forge a line of the report) are printed as `[U+XXXX]` tokens instead of acted upon.
 */
export const terminalSafe = (text: string): string =>
  showHidden(text).replace(/[\r\n]/g, (ch) => `[${codePointLabel(ch)}]`)
