import type { FastifyBaseLogger } from 'fastify';

/** The server logs through Fastify's pino instance; other modules take just this much of it. */
export type Logger = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error' | 'debug'>;
