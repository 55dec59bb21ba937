import { z } from 'zod';
import { LIMITS } from '../protocol/limits.js';

export const FAQ_LIMITS = { titleMax: 200, bodyMax: 50_000, categoryMax: 64, findingsMax: 32 } as const;

/** Finding codes are short identifiers such as "disk_full" or "clock_skew". */
const FindingCode = z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'a finding code such as disk_full');

export const FaqArticleInput = z
  .object({
    title: z.string().trim().min(3).max(FAQ_LIMITS.titleMax),
    body: z.string().trim().min(1).max(FAQ_LIMITS.bodyMax).describe('Markdown'),
    category: z.string().trim().min(1).max(FAQ_LIMITS.categoryMax).default('General'),
    findings: z.array(FindingCode).max(FAQ_LIMITS.findingsMax).default([]).describe('the diagnostic findings this article answers'),
  })
  .strict();

export const FaqArticlePatch = z
  .object({
    title: z.string().trim().min(3).max(FAQ_LIMITS.titleMax).optional(),
    body: z.string().trim().min(1).max(FAQ_LIMITS.bodyMax).optional(),
    category: z.string().trim().min(1).max(FAQ_LIMITS.categoryMax).optional(),
    findings: z.array(FindingCode).max(FAQ_LIMITS.findingsMax).optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'give at least one field to change');

export const FaqArticle = z.object({
  id: z.number().int(),
  title: z.string(),
  body: z.string(),
  category: z.string(),
  findings: z.array(z.string()),
  views: z.number().int(),
  solved: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FaqArticle = z.infer<typeof FaqArticle>;

export const FaqQuery = z.object({
  q: z.string().max(LIMITS.shortText).optional().describe('words to search for in title, body and category'),
  category: z.string().max(FAQ_LIMITS.categoryMax).optional(),
  finding: FindingCode.optional().describe('articles that answer this finding'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const FaqSuggestQuery = z.object({
  q: z.string().max(LIMITS.shortText).describe('the request as typed so far; its last word may be unfinished'),
  limit: z.coerce.number().int().min(1).max(10).default(3),
});

export const FaqIdParams = z.object({ id: z.coerce.number().int().positive('expected an article id') });
