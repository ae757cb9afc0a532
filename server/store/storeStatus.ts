/** Whether the store answers, how fast, and whether its schema is the one this code expects. */
export interface StoreStatus {
  ok: boolean;
  kind: 'sqlite' | 'postgres';
  latencyMs: number;
  schemaVersion: number | null;
  expectedSchemaVersion: number;
  error?: string;
}

export type StoreProbe = () => Promise<StoreStatus>;
