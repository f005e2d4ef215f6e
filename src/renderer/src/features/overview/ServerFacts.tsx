import type { ServerDescription } from '../../../../shared/connection'
import { ENGINE_LABEL } from '../../components/EngineBadge'
import { KeyValueList } from '../../components/KeyValueList'

export function ServerFacts({ server }: { server: ServerDescription }) {
  return (
    <KeyValueList
      label="Server"
      entries={[
        ['Engine', ENGINE_LABEL[server.engine]],
        ['Version', server.version],
        ['Role', server.role],
        ['Identity', server.identity],
        ['Address', server.address]
      ]}
    />
  )
}
