import type { CrossCase } from '../../common/domain/cases.ts';

/** A case changed by someone else since it was read: the writer gets 409 with it as it is. */
export class CaseConflict extends Error {
  constructor(readonly caseId: string) {
    super(`${caseId} was changed by someone else`);
  }
}

/** 三跨 cases, in the store every node shares. Writes resolve once committed. */
export interface CaseRepository {
  insert(c: CrossCase): Promise<void>;
  /** Writes `c` (version n + 1) over version n; CaseConflict if it is no longer n. */
  update(c: CrossCase): Promise<void>;
  get(id: string): Promise<CrossCase | null>;
  /** Every case, newest first (a city holds a few thousand a year). */
  all(): Promise<CrossCase[]>;
}
