import type { EventRepository } from '../store/eventRepository.ts';

/**
 * Sequence numbers for new events, from blocks reserved in the store: one round trip per block,
 * not per report. Unique across processes; a block cut short by a restart leaves a gap in the
 * ids, never a repeat.
 */
export class SequenceBlock {
  /** Reserved and not yet used, in order. */
  private readonly spare: number[] = [];

  constructor(
    private readonly repository: Pick<EventRepository, 'reserveSequences'>,
    private readonly blockSize: number,
  ) {}

  async take(count: number): Promise<number[]> {
    while (this.spare.length < count) {
      this.spare.push(...(await this.repository.reserveSequences(Math.max(this.blockSize, count - this.spare.length))));
      // Two requests may have reserved at once: keep handing out in order.
      this.spare.sort((a, b) => a - b);
    }
    return this.spare.splice(0, count);
  }
}
