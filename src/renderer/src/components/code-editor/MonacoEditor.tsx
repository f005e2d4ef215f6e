import './monaco-setup'
import { useEffect, useRef } from 'react'
import Editor, { type OnMount } from '@monaco-editor/react'
import { useThemeContext } from '../../features/theme/ThemeContext'
import type { CodeEditorProps } from './CodeEditor'

type EditorInstance = Parameters<OnMount>[0]

/**
 * The one Monaco setup of the app. Text enters only through the model API (setValue), never as
 * markup; Ctrl+Enter submits; the theme follows the app's.
 */
export function MonacoEditor({
  language,
  ariaLabel,
  initial = '',
  load = null,
  wrap,
  keepIndentation = false,
  placeholder,
  autoFocus = false,
  onChange,
  onSubmit
}: CodeEditorProps) {
  const { dark } = useThemeContext()
  const submit = useRef(onSubmit)
  const editor = useRef<EditorInstance | null>(null)
  useEffect(() => {
    submit.current = onSubmit
  }, [onSubmit])
  useEffect(() => {
    if (load === null) return
    editor.current?.getModel()?.setValue(load.text)
    if (autoFocus) editor.current?.focus()
  }, [load, autoFocus])
  return (
    <Editor
      theme={dark ? 'vs-dark' : 'vs'}
      defaultLanguage={language}
      defaultValue=""
      onChange={(value) => onChange(value ?? '')}
      onMount={(instance, monaco) => {
        editor.current = instance
        instance.getModel()?.setValue(load?.text ?? initial)
        instance.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => submit.current())
        if (autoFocus) instance.focus()
      }}
      loading={<span className="muted">Loading editor…</span>}
      options={{
        minimap: { enabled: false },
        fontSize: 12,
        wordWrap: wrap ? 'on' : 'off',
        renderWhitespace: 'none',
        scrollBeyondLastLine: false,
        automaticLayout: true,
        ariaLabel,
        placeholder,
        unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: true },
        links: false,
        lineNumbersMinChars: 3,
        // Plans keep their own indentation: typed or pasted lines must not be re-indented.
        autoIndent: keepIndentation ? 'none' : 'advanced'
      }}
    />
  )
}
