import { z } from 'zod';

export const apiKeyInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the key, to recognise it. */
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type ApiKeyInfo = z.infer<typeof apiKeyInfoSchema>;

/** `POST /api-keys`: the secret is in this answer and nowhere else, ever. */
export const createdApiKeySchema = z.object({ key: z.string(), apiKey: apiKeyInfoSchema });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

/** `POST /auth/verify`: which workspace a key belongs to. */
export const verifiedKeySchema = z.object({ workspaceId: z.string(), keyId: z.string() });
export type VerifiedKey = z.infer<typeof verifiedKeySchema>;
