// A cast file scripts who does what when during a simulation: 签收, submissions, reviews, extensions,
// cancellations, 回头看 and rectifications. Validated like plan files (file, line, field).
import { z } from 'zod';
import { readYaml, validate } from '../domain/plan/yaml-source';

const when = z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/, {
  message: '时间格式应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:mm\u241etime must be YYYY-MM-DD or YYYY-MM-DDTHH:mm',
});
const target = { unit: z.string().min(1), task: z.number().int().positive(), duty: z.string().min(1).optional() };

export const castSchema = z.array(
  z.discriminatedUnion('action', [
    z
      .object({
        at: when,
        action: z.literal('submit'),
        ...target,
        by: z.string().min(1),
        text: z.string(),
        figures: z.record(z.string(), z.number()).optional(),
      })
      .strict(),
    z
      .object({
        at: when,
        action: z.literal('review'),
        ...target,
        by: z.string().min(1),
        decision: z.enum(['accept', 'return']),
        reason: z.string().optional(),
        newDue: z.string().optional(),
      })
      .strict(),
    z.object({ at: when, action: z.literal('extend'), ...target, by: z.string().min(1), newDue: z.string(), reason: z.string() }).strict(),
    z.object({ at: when, action: z.literal('cancel'), ...target, by: z.string().min(1), reason: z.string() }).strict(),
    z.object({ at: when, action: z.literal('acknowledge'), ...target, by: z.string().min(1) }).strict(),
    z
      .object({
        at: when,
        action: z.literal('look-back'),
        round: z.string().min(1),
        by: z.string().min(1),
        due: z.string(),
        units: z.union([z.enum(['all', 'late-or-returned']), z.array(z.string().min(1)).min(1)]).default('all'),
      })
      .strict(),
    z
      .object({
        at: when,
        action: z.literal('rectify'),
        round: z.string().min(1),
        unit: z.string().min(1),
        by: z.string().min(1),
        finding: z.string(),
        due: z.string(),
      })
      .strict(),
  ]),
);

export type Cast = z.infer<typeof castSchema>;
export type CastAction = Cast[number];

export function readCast(text: string, file: string): Cast {
  return validate(readYaml(text, file), castSchema);
}
