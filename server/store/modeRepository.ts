import type { ModeState } from '../../common/domain/modes.ts';

/** The audit log of operating-mode switches; the latest is the mode now. */
export interface ModeRepository {
  append(state: ModeState): Promise<void>;
  /** The latest switches, newest first. */
  history(limit: number): Promise<ModeState[]>;
}
