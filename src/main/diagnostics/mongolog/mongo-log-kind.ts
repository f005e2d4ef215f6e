/**
 * The `mongo.log` analysis kind for text in memory (the paste box, small files): the same
 * MongoLogAnalyzer the streaming reader of src/main/log-files feeds.
 */
import type { AnalysisKind } from '../kind'
import { LineSplitter } from '../pglog/line-splitter'
import { isMongoJsonLog, MongoLogAnalyzer } from './mongo-log-analyzer'

export const analyzeMongoLogText = (text: string) => {
  const analyzer = new MongoLogAnalyzer()
  const splitter = new LineSplitter((line) => analyzer.pushLine(line))
  splitter.write(text)
  if (!splitter.end()) analyzer.markCut()
  return analyzer.finish()
}

export const mongoLogKind: AnalysisKind = {
  kind: 'mongo.log',
  engine: 'mongo',
  detect: (text) => (isMongoJsonLog(text.slice(0, 16_384)) ? 2 : 0),
  analyze: analyzeMongoLogText
}
