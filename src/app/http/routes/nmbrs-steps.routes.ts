import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import { idParam } from '../../../platform/http/schemas.ts';
import type { Services } from '../../container.ts';

/** The seed's sync steps for Nmbrs (F-13): green, red or not offered, and the first red one to open. */
const step = z.object({
  step: z.enum(['companies', 'departments', 'functions', 'labour_agreements', 'employees']),
  state: z.enum(['green', 'red', 'not_offered']),
  total: z.number().int(),
  open: z.number().int(),
});

export function nmbrsStepsRoutes(app: ZodApp, s: Services) {
  app.get(
    '/integrations/:id/nmbrs-steps',
    {
      config: { access: 'hr' },
      schema: {
        tags: ['integrations'],
        summary: 'The sync steps of an Nmbrs integration (companies, departments, functions, labour agreements, employees): green, red with the open count, or not offered; first = the first red step',
        params: idParam,
        response: { 200: z.object({ steps: z.array(step), first: step.shape.step.nullable() }) },
      },
    },
    async (req) => s.nmbrsSteps.steps(actorOf(req), req.params.id),
  );
}
