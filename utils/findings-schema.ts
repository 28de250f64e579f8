/**
 * zod schemas for findings as they cross contexts (background → storage → pages), typed against
 * utils/checks/types.ts so the two can never drift apart.
 */
import { z } from 'zod';
import type { Finding, Fix } from './checks/types';
import { PII_KINDS } from './pii/types';

export const CredentialsUpdateSchema = z.object({
  locked: z.boolean().optional(),
  discoverable: z.boolean().optional(),
  indexable: z.boolean().optional(),
  hide_collections: z.boolean().optional(),
  source: z
    .object({
      privacy: z.enum(['public', 'unlisted', 'private']).optional(),
      quote_policy: z.enum(['public', 'followers', 'nobody']).optional(),
    })
    .optional(),
});

export const ProfileUpdateSchema = z.object({
  show_media: z.boolean().optional(),
  show_media_replies: z.boolean().optional(),
  show_featured: z.boolean().optional(),
});

export const FixSchema: z.ZodType<Fix> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('update-credentials'), update: CredentialsUpdateSchema }),
  z.object({ type: z.literal('update-profile'), patch: ProfileUpdateSchema }),
  z.object({ type: z.literal('open-settings'), url: z.string() }),
  z.object({ type: z.literal('rescope'), statusIds: z.array(z.string()) }),
  z.object({ type: z.literal('trust-servers'), domains: z.array(z.string()) }),
  z.object({ type: z.literal('remove-followers'), domains: z.array(z.string()) }),
  z.object({ type: z.literal('quote-policy'), statusIds: z.array(z.string()), policy: z.literal('nobody') }),
]);

const KindSchema = z.enum(PII_KINDS);

export const FindingSchema: z.ZodType<Finding> = z.object({
  id: z.string(),
  check: z.string(),
  severity: z.enum(['high', 'medium', 'low', 'info']),
  title: z.string(),
  detail: z.string(),
  statusId: z.string().optional(),
  statusIds: z.array(z.string()).optional(),
  url: z.string().optional(),
  kinds: z.array(KindSchema).optional(),
  evidence: z
    .array(z.object({ where: z.string(), masked: z.string(), kind: KindSchema.optional() }))
    .optional(),
  domains: z.array(z.string()).optional(),
  fix: FixSchema.optional(),
});
