import { useMemo } from 'react';
import type { GeoSummary } from '../../common/domain/geo.ts';
import { WORKER_ROLE_LABELS, type WorkerRole } from '../../common/domain/workers.ts';
import { formatInt, label } from '../shared/i18n.ts';
import { WALL_COLOURS, WALL_FONT_PX } from './theme.ts';
import { useEChart } from './useEChart.ts';

const ROLE_COLOURS: Record<WorkerRole, string> = {
  gridLeader: WALL_COLOURS.accent,
  gridWorker: '#1d9bd1',
  microGridWorker: '#136f99',
  police: '#7fe3ff',
};

/** Ring: who the grid workforce is, by role. */
export function WorkforcePanel({ summary }: { summary: GeoSummary }) {
  const option = useMemo(() => {
    const roles = Object.keys(WORKER_ROLE_LABELS) as WorkerRole[];
    return {
      animation: false,
      series: [
        {
          type: 'pie',
          radius: ['36%', '58%'],
          center: ['50%', '50%'],
          data: roles.map((role) => ({ name: label(WORKER_ROLE_LABELS[role]), value: summary.workersByRole[role] ?? 0, itemStyle: { color: ROLE_COLOURS[role] } })),
          label: { color: WALL_COLOURS.text, fontSize: WALL_FONT_PX.axis, overflow: 'none', formatter: (p: { name: string; value: number }) => `${p.name}\n${formatInt(p.value)}` },
          labelLine: { lineStyle: { color: WALL_COLOURS.textMuted } },
        },
      ],
    };
  }, [summary]);
  const box = useEChart(option);
  return <div ref={box} className="panel__chart" data-testid="workforce" />;
}
