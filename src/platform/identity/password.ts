import { hash } from '@node-rs/argon2';

/** Argon2id with OWASP's minimum parameters (docs/decisions/0003-auth.md). */
const ARGON = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, ARGON);
