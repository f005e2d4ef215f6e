import { useMutation } from '@tanstack/react-query'
import type { MethodInput } from '../../../../shared/contract'
import { callOrThrow } from '../../api/queries'

/** Pasted explain() text -> the stage trees, summary and findings (parsing happens in the core). */
export const useMongoExplainAnalyze = () =>
  useMutation({
    mutationFn: (input: MethodInput<'mongo.explainAnalyze'>) => callOrThrow('mongo.explainAnalyze', input)
  })
