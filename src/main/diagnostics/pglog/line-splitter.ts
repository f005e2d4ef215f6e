/** Text chunks in any split -> whole lines, with whether the input ended with a newline (else it was cut). */
export class LineSplitter {
  private rest = ''
  constructor(private readonly onLine: (line: string) => void) {}

  write(chunk: string): void {
    let start = 0
    let text = chunk
    if (this.rest !== '') {
      text = this.rest + chunk
      this.rest = ''
    }
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.onLine(text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl))
      start = nl + 1
    }
    this.rest = text.slice(start)
  }

  /** Flushes the last line; true when the input ended with a newline. */
  end(): boolean {
    if (this.rest === '') return true
    this.onLine(this.rest)
    this.rest = ''
    return false
  }
}
