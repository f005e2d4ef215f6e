import '../../monaco'
import { useEffect, useRef } from 'react'
import Editor from '@monaco-editor/react'
import { useThemeContext } from '../theme/ThemeContext'

/** Monaco for raw server output. Text enters and leaves only through the editor's model. */
export function PasteEditor({
  onChange,
  onSubmit
}: {
  onChange: (text: string) => void
  onSubmit: () => void
}) {
  const { dark } = useThemeContext()
  const submit = useRef(onSubmit)
  useEffect(() => {
    submit.current = onSubmit
  }, [onSubmit])
  return (
    <Editor
      theme={dark ? 'vs-dark' : 'vs'}
      defaultLanguage="plaintext"
      defaultValue=""
      onChange={(value) => onChange(value ?? '')}
      onMount={(editor, monaco) => {
        editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => submit.current())
        editor.focus()
      }}
      loading={<span className="muted">Loading editor…</span>}
      options={{
        minimap: { enabled: false },
        fontSize: 12,
        wordWrap: 'on',
        renderWhitespace: 'none',
        scrollBeyondLastLine: false,
        automaticLayout: true,
        ariaLabel: 'Raw server output',
        unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: true },
        links: false
      }}
    />
  )
}
