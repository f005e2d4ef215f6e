/** Lines no reader could place: counted, the first few kept to show, never fatal on their own. */
export const KEPT_UNREADABLE = 5

export interface UnreadableLine {
  line: number
  text: string
}

export class UnreadableLines {
  count = 0
  readonly first: UnreadableLine[] = []

  add(line: number, text: string): void {
    this.count += 1
    if (this.first.length < KEPT_UNREADABLE) this.first.push({ line, text: text.slice(0, 200) })
  }
}
