import { useState, type ChangeEvent } from 'react'

/** The same cap as the core's analyze input (MAX_ANALYZE_BYTES). */
const MAX_FILE_BYTES = 64 * 1024 * 1024

/**
 * An <input type=file> handler that reads one text file (up to 64 MB) and hands its content over, with
 * the error to show when it is too large or unreadable.
 */
export const useTextFile = (onText: (text: string) => void) => {
  const [fileError, setFileError] = useState<string | null>(null)
  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (file === undefined) return
    setFileError(null)
    if (file.size > MAX_FILE_BYTES) {
      setFileError(`${file.name} is larger than 64 MB.`)
      return
    }
    const reader = new FileReader()
    reader.onload = () => onText(typeof reader.result === 'string' ? reader.result : '')
    reader.onerror = () => setFileError(`${file.name} could not be read.`)
    reader.readAsText(file)
  }
  return { onFile, fileError }
}
