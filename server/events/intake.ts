import type { CityEvent } from '../../common/domain/eventRecords.ts';

/** What became of one report: a new event, a duplicate of an open one, or the event its external id already named. */
export type IntakeOutcome = { status: 'created' | 'duplicate' | 'existing'; event: CityEvent };

/** Thrown for a batch that cannot be taken as a whole; nothing of it is stored. */
export class IntakeRejected extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
