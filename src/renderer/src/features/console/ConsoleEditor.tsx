import '../../monaco'
import { useEffect, useRef } from 'react'
import Editor, { type OnMount } from '@monaco-editor/react'
import type { EngineKind } from '../../../../shared/engines'
import { useThemeContext } from '../theme/ThemeContext'
import { CONSOLE_LANGUAGE } from './console-language'

type StandaloneEditor = Parameters<OnMount>[0]

/** A statement to put in the editor (history click); `seq` makes the same text restorable twice. */
export interface Restore {
  text: string
  seq: number
}

/** Monaco with the engine's language. Text goes in and out only through the model. */
export function ConsoleEditor({
  engine,
  initial,
  restore,
  onChange,
  onSubmit
}: {
  engine: EngineKind
  initial: string
  restore: Restore | null
  onChange: (text: string) => void
  onSubmit: () => void
}) {
  const { dark } = useThemeContext()
  const submit = useRef(onSubmit)
  useEffect(() => {
    submit.current = onSubmit
  }, [onSubmit])
  const editor = useRef<StandaloneEditor | null>(null)
  useEffect(() => {
    if (restore === null) return
    editor.current?.getModel()?.setValue(restore.text)
    editor.current?.focus()
  }, [restore])
  const { language, placeholder } = CONSOLE_LANGUAGE[engine]
  return (
    <Editor
      theme={dark ? 'vs-dark' : 'vs'}
      defaultLanguage={language}
      defaultValue=""
      onChange={(value) => onChange(value ?? '')}
      onMount={(ed, monaco) => {
        editor.current = ed
        // The draft enters through the model API, like any server-derived text would.
        ed.getModel()?.setValue(initial)
        ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => submit.current())
        ed.focus()
      }}
      loading={<span className="muted">Loading editor…</span>}
      options={{
        minimap: { enabled: false },
        fontSize: 12,
        wordWrap: 'on',
        scrollBeyondLastLine: false,
        automaticLayout: true,
        ariaLabel: 'Console statement',
        placeholder,
        unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: true },
        links: false
      }}
    />
  )
}
