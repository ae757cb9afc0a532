/** Every Socket.IO command is acknowledged with one of these; `error` is for people to read. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: string };
export type AckCallback<T extends object = object> = (ack: Ack<T>) => void;

export const ackError = (error: string): { ok: false; error: string } => ({ ok: false, error });
