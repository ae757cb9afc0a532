import type { CityGeography } from '../../common/geo/cityModel.ts';
import { PLACES } from '../../common/geo/places.ts';
import { holidayFocus, MAJOR_EVENT_VENUE, majorEventFocus } from '../generators/eventFocus.ts';
import type { OfficerDesk } from '../officerDesk.ts';
import { officerActions, type Scenario } from './scenario.ts';

/** 国庆黄金周: the holiday mode from the start, crowds at 二七塔, 郑州东站 and the scenic areas. */
export function holidayScenario(officer: OfficerDesk, startMs: number): Scenario {
  const actions = officerActions();
  const act = actions.run;
  return {
    name: 'holiday',
    focus: holidayFocus(),
    // Golden-week days bring about a fifth more reports, most of them about crowds.
    volumeFactor: 1.2,
    minEndMs: startMs,
    begin: () => act(() => officer.setMode('holiday', '国庆黄金周：二七塔商圈、郑州东站及各景区客流高峰')),
    finish: () => act(() => officer.setMode('routine', '假期结束，恢复日常运行')),
    get busy() {
      return actions.busy;
    },
    status: () => '',
  };
}

/** The district a place lies in, by its code (e.g. 410172 for the venue in 高新区). */
export function districtCodeAt(geo: CityGeography, lng: number, lat: number): string | null {
  const g = geo.locateGridIndex(lng, lat);
  if (g < 0) return null;
  return geo.districts[geo.districtOfGrid(g)]!.code;
}

/** A match at 郑州奥林匹克体育中心: major-event mode, a broadcast to the venue's district, reports within ≈ 2 km. */
export function majorEventScenario(officer: OfficerDesk, geo: CityGeography, startMs: number): Scenario {
  const venue = PLACES.find((p) => p.name === MAJOR_EVENT_VENUE)!;
  const district = districtCodeAt(geo, venue.position[0], venue.position[1]);
  let targeted: number | null = null;
  const actions = officerActions();
  const act = actions.run;
  return {
    name: 'major-event',
    focus: majorEventFocus(),
    volumeFactor: 1,
    minEndMs: startMs,
    begin: () =>
      act(async () => {
        if (!(await officer.setMode('majorEvent', `${MAJOR_EVENT_VENUE}重大活动保障`))) return;
        if (district) targeted = await officer.broadcast('majorEvent', { districts: [district] });
      }),
    finish: () => act(() => officer.setMode('routine', '活动结束，恢复日常运行')),
    get busy() {
      return actions.busy;
    },
    status: () => (targeted === null ? '' : `广播 ${targeted.toLocaleString('zh-CN')} 人`),
  };
}
