import type { ComponentType } from 'react'
import type { ConnectionProfile, EngineKind } from '../../../../shared/connection'
import { ConsoleTab } from '../console/ConsoleTab'
import { HealthTab } from '../health/HealthTab'
import { HistoryTab } from '../history/HistoryTab'
import { MongoTab } from '../mongo/MongoTab'
import { OverviewTab } from '../overview/OverviewTab'
import { PlanTab } from '../plan/PlanTab'
import { RedisTab } from '../redis/RedisTab'

export interface ConnectionTabProps {
  profile: ConnectionProfile
}

export interface ConnectionTab {
  id: string
  title: string
  /** Engines the tab applies to; all when absent. */
  engines?: readonly EngineKind[]
  Component: ComponentType<ConnectionTabProps>
}

/** The tabs of a connection's pane, in order. Adding a tab is one line here. */
export const connectionTabs: readonly ConnectionTab[] = [
  { id: 'overview', title: 'Overview', Component: OverviewTab },
  { id: 'health', title: 'Health', engines: ['postgres'], Component: HealthTab },
  { id: 'plan', title: 'Plan', engines: ['postgres'], Component: PlanTab },
  { id: 'redis', title: 'Redis', engines: ['redis'], Component: RedisTab },
  { id: 'mongo', title: 'Mongo', engines: ['mongo'], Component: MongoTab },
  { id: 'history', title: 'History', Component: HistoryTab },
  { id: 'console', title: 'Console', Component: ConsoleTab }
  // { id: 'audit', title: 'Audit', Component: AuditTab },
]

export const tabsFor = (engine: EngineKind): ConnectionTab[] =>
  connectionTabs.filter((t) => t.engines === undefined || t.engines.includes(engine))
