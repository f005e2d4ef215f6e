/**
 * CLI entry of the MongoDB wire-protocol fake, for the demo and Playwright:
 *   npx tsx scripts/mongo-fake/main.ts --port 57017 --scenario replset-lagging
 * Prints the mongodb:// URL to use on its first line and runs until SIGTERM/SIGINT.
 */
import { startMongoFake, type MongoFakeScenario } from './server'

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback
}

const scenario = arg('scenario', 'replset-lagging')
if (scenario !== 'replset-lagging' && scenario !== 'standalone') {
  console.error(`unknown scenario "${scenario}": use replset-lagging or standalone`)
  process.exit(2)
}
const port = Number(arg('port', process.env.MONGO_FAKE_PORT ?? '57017'))
const version = arg('version', '7.0.14')

const fake = await startMongoFake({ port, scenario: scenario as MongoFakeScenario, version })
console.log(fake.url)
console.error(
  `mongo fake (${scenario}, ${version}) listening on ${fake.ports.join(', ')}${fake.downPort ? `; member down on ${fake.downPort}` : ''}`
)

const stop = () => {
  if (fake.violations.length) console.error(`maxTimeMS violations: ${JSON.stringify(fake.violations)}`)
  void fake.close().then(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
