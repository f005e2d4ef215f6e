/**
 * Rule `redis.memory-doctor`. Input: `MEMORY DOCTOR` (4.0+), pasted; the live check does not send it.
 * Checked against Redis 7.0.15. Every issue the server's own report names is a warning: the server only
 * lists what it considers a problem (peak far above current use, high fragmentation, big client buffers...).
 */
import { redisRule } from '../records'
import { finding, onNode } from './util'

export const MEMORY_DOCTOR_RULE = 'redis.memory-doctor'

export const memoryDoctor = redisRule({
  id: MEMORY_DOCTOR_RULE,
  needs: ['memory_doctor'],
  evaluate: ({ memory_doctor: report }, { node }) =>
    onNode(
      report.issues.map((i) => finding(MEMORY_DOCTOR_RULE, 'warning', i.split(':')[0] ?? i, i, null, {})),
      node,
      {}
    )
})
