import type { OperatingMode } from '../../common/domain/modes.ts';
import { levelRank } from '../../common/domain/sensors.ts';
import { levelOf } from '../../common/domain/sensorThresholds.ts';

/**
 * The duty officer's rule in a rainstorm: declare the emergency (应急处置) when the first
 * waterlogging point reaches red, once; stand down to daily operation when the rain has stopped
 * and no point is at any alert level any more.
 */
export interface FloodSituation {
  mode: OperatingMode;
  /** Whether this storm's emergency has already been declared. */
  declared: boolean;
  rainMmPerH: number;
  stormOver: boolean;
  deepest: { name: string; depthCm: number };
}

export type FloodAction = { mode: 'emergency' | 'routine'; reason: string } | null;

export function floodAction(s: FloodSituation): FloodAction {
  const level = levelOf('waterlogging', s.deepest.depthCm);
  if (!s.declared && levelRank(level) >= levelRank('red')) return { mode: 'emergency', reason: `暴雨红色预警：${s.deepest.name}积水${Math.round(s.deepest.depthCm)}厘米，启动防汛应急响应` };
  if (s.declared && s.mode === 'emergency' && s.stormOver && s.rainMmPerH === 0 && level === 'none') return { mode: 'routine', reason: '降雨结束，积水已退，恢复日常运行' };
  return null;
}
