import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import { dateTime, pageOf, paging } from '../../../platform/http/schemas.ts';
import type { Services } from '../../container.ts';

const mailDto = z.object({
  id: z.number().int(),
  mailFrom: z.string(),
  rcptTo: z.array(z.string()),
  subject: z.string(),
  textBody: z.string().nullable(),
  htmlBody: z.string().nullable(),
  receivedAt: dateTime,
  /** Sign-in links (password reset, invitation) were hidden: only the mail's recipient sees them. */
  linksHidden: z.boolean(),
});

/** The built-in mail catcher's inbox (demo and development), scoped to the caller's tenant; others' sign-in links hidden. */
export function mailsRoutes(app: ZodApp, s: Services) {
  const toDto = (m: Awaited<ReturnType<typeof s.mails.get>>) => ({
    id: Number(m.id),
    mailFrom: m.mail_from,
    rcptTo: m.rcpt_to,
    subject: m.subject,
    textBody: m.text_body,
    htmlBody: m.html_body,
    receivedAt: m.received_at,
    linksHidden: m.linksHidden,
  });
  app.get(
    '/mails',
    {
      config: { access: 'admin' },
      schema: { tags: ['mail catcher'], summary: 'Mails caught by the built-in SMTP catcher', querystring: z.object(paging), response: { 200: pageOf(mailDto) } },
    },
    async (req) => {
      const { rows, total } = await s.mails.list(actorOf(req), req.query.pageSize, (req.query.page - 1) * req.query.pageSize);
      return { items: rows.map(toDto), total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );
  app.get(
    '/mails/:id',
    {
      config: { access: 'admin' },
      schema: { tags: ['mail catcher'], params: z.object({ id: z.coerce.number().int().positive() }), response: { 200: mailDto } },
    },
    async (req) => toDto(await s.mails.get(actorOf(req), req.params.id)),
  );
}
