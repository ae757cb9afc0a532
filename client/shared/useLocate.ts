import { useCallback, useState } from 'react';
import type { GridPath } from '../../common/domain/geo.ts';
import type { LocateOutcome } from './GridPathView.tsx';

/** Runs one locate request at a time and keeps its outcome for display. */
export function useLocate(locate: (lng: number, lat: number) => Promise<GridPath | null>) {
  const [outcome, setOutcome] = useState<LocateOutcome>({ kind: 'idle' });
  const run = useCallback(
    (lng: number, lat: number) => {
      setOutcome({ kind: 'pending' });
      locate(lng, lat).then(
        (path) => setOutcome(path ? { kind: 'found', path } : { kind: 'outside' }),
        (error: Error) => setOutcome({ kind: 'error', message: error.message }),
      );
    },
    [locate],
  );
  return { outcome, run };
}
