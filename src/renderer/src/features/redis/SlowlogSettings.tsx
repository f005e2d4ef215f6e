import { useState } from 'react'
import { REDIS_CONFIG_ALLOWED, type RedisConfigParameter } from '../../../../shared/redis-config'
import { useConfirmAction } from '../confirm/confirm-context'

const SETTINGS: { parameter: RedisConfigParameter; means: string; rule: string }[] = [
  {
    parameter: 'slowlog-log-slower-than',
    means: 'log commands slower than this many microseconds (0 logs every command, -1 none)',
    rule: 'a whole number of microseconds, or -1'
  },
  {
    parameter: 'slowlog-max-len',
    means: 'how many entries the server keeps (the oldest are dropped)',
    rule: 'a whole number, 0 or more'
  }
]

function SettingRow({
  connectionId,
  parameter,
  means,
  rule,
  current
}: {
  connectionId: string
  parameter: RedisConfigParameter
  means: string
  rule: string
  current: string | null
}) {
  const confirm = useConfirmAction()
  const [value, setValue] = useState('')
  const typed = value.trim()
  const valid = REDIS_CONFIG_ALLOWED[parameter].test(typed)
  const id = `config-${parameter}`
  return (
    <div className="config-row" data-parameter={parameter}>
      <label htmlFor={id} className="mono">
        {parameter}
      </label>
      <span title="CONFIG GET at the last sweep">{current ?? 'not read'}</span>
      <input
        id={id}
        className="input mono"
        inputMode="numeric"
        placeholder="new value"
        value={value}
        aria-invalid={typed !== '' && !valid}
        onChange={(e) => setValue(e.target.value)}
      />
      <button
        type="button"
        className="btn btn-small btn-danger"
        disabled={!valid || typed === current}
        onClick={() =>
          confirm({ connectionId, action: 'redis.configSet', target: { parameter, value: typed } })
        }
      >
        Change…
      </button>
      <span className="muted">{typed !== '' && !valid ? `Not accepted: ${rule}.` : means}</span>
    </div>
  )
}

/** CONFIG SET of the two SLOWLOG settings, each through the confirm dialog (its preview shows old -> new). */
export function SlowlogSettings({
  connectionId,
  config
}: {
  connectionId: string
  config: ReadonlyMap<string, string>
}) {
  return (
    <div className="config-rows" data-testid="slowlog-settings">
      {SETTINGS.map((s) => (
        <SettingRow
          key={s.parameter}
          connectionId={connectionId}
          {...s}
          current={config.get(s.parameter) ?? null}
        />
      ))}
    </div>
  )
}
