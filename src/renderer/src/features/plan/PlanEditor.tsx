import '../../monaco'
import { useEffect, useRef } from 'react'
import Editor, { type OnMount } from '@monaco-editor/react'
import { useThemeContext } from '../theme/ThemeContext'

type EditorInstance = Parameters<OnMount>[0]

/** Text loaded from outside the editor (a file); `seq` makes loading the same text twice still apply. */
export interface EditorLoad {
  text: string
  seq: number
}

/** Monaco for plans and SQL. Text enters only through the model API (setValue), never as markup. */
export function PlanEditor({
  language,
  ariaLabel,
  onChange,
  onSubmit,
  load
}: {
  language: 'plaintext' | 'sql'
  ariaLabel: string
  onChange: (text: string) => void
  onSubmit: () => void
  load?: EditorLoad | null
}) {
  const { dark } = useThemeContext()
  const submit = useRef(onSubmit)
  const editor = useRef<EditorInstance | null>(null)
  useEffect(() => {
    submit.current = onSubmit
  }, [onSubmit])
  useEffect(() => {
    if (load !== undefined && load !== null) editor.current?.getModel()?.setValue(load.text)
  }, [load])
  return (
    <Editor
      theme={dark ? 'vs-dark' : 'vs'}
      defaultLanguage={language}
      defaultValue=""
      onChange={(value) => onChange(value ?? '')}
      onMount={(instance, monaco) => {
        editor.current = instance
        instance.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => submit.current())
        if (load !== undefined && load !== null) instance.getModel()?.setValue(load.text)
      }}
      loading={<span className="muted">Loading editor…</span>}
      options={{
        minimap: { enabled: false },
        fontSize: 12,
        wordWrap: language === 'sql' ? 'on' : 'off',
        scrollBeyondLastLine: false,
        automaticLayout: true,
        ariaLabel,
        unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: true },
        links: false,
        lineNumbersMinChars: 3,
        // Plans keep their own indentation: typed or pasted lines must not be re-indented.
        autoIndent: language === 'sql' ? 'advanced' : 'none'
      }}
    />
  )
}
