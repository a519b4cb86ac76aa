/**
 * Where the breaker and the monitor send their messages. They never print on their own: the
 * caller decides (a structured logger, a test spy, or nothing).
 */

/** Receives one message and its structured details (sizes in bytes). */
export type MemoryLogger = (message: string, details: Readonly<Record<string, unknown>>) => void;

/** The default sink: `console.warn` (stderr), so stdout stays free for machine output. */
export const consoleMemoryLogger: MemoryLogger = (message, details) => {
  console.warn(message, details);
};
