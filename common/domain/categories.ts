import { z } from 'zod';

/**
 * Kinds of matter the intake files, each with the department(s) that handle it, how it is
 * dispatched and its handling target. Drawn from the cases in the city's reports: burst mains
 * (4 h), pavement (next day), licences (72 h), elderly people living alone, pests in wheat fields…
 *
 * Dispatch: `direct` — one department, dispatched automatically (一键直派); `joint` — several
 * departments together (会商派单); `leader` — a leader takes it (领导包派).
 */
export type DispatchMode = 'direct' | 'joint' | 'leader';

export interface CategorySpec {
  zh: string;
  en: string;
  departments: readonly string[];
  dispatch: DispatchMode;
  handlingTargetMs: number;
}

const HOUR_MS = 3_600_000;

export const CATEGORIES = {
  waterMainBurst: { zh: '供水管道爆裂', en: 'Burst water main', departments: ['waterSupply'], dispatch: 'direct', handlingTargetMs: 4 * HOUR_MS },
  sewerOverflow: { zh: '污水井冒水', en: 'Sewer overflowing', departments: ['drainage'], dispatch: 'direct', handlingTargetMs: 4 * HOUR_MS },
  roadWaterlogging: { zh: '道路积水', en: 'Road waterlogging', departments: ['drainage'], dispatch: 'direct', handlingTargetMs: 2 * HOUR_MS },
  heatingLeak: { zh: '供热管道泄漏', en: 'Heating pipe leak', departments: ['heating'], dispatch: 'direct', handlingTargetMs: 4 * HOUR_MS },
  heatingFailure: { zh: '暖气不热', en: 'Heating not warm', departments: ['heating'], dispatch: 'direct', handlingTargetMs: 24 * HOUR_MS },
  pavementDamage: { zh: '路面破损', en: 'Damaged pavement', departments: ['cityManagement'], dispatch: 'direct', handlingTargetMs: 24 * HOUR_MS },
  manholeCover: { zh: '井盖缺失破损', en: 'Manhole cover', departments: ['drainage'], dispatch: 'direct', handlingTargetMs: 4 * HOUR_MS },
  trafficLightFault: { zh: '信号灯故障', en: 'Traffic light out', departments: ['trafficPolice'], dispatch: 'direct', handlingTargetMs: 2 * HOUR_MS },
  streetLightFault: { zh: '路灯不亮', en: 'Street light out', departments: ['cityManagement'], dispatch: 'direct', handlingTargetMs: 24 * HOUR_MS },
  illegalParking: { zh: '违章停车', en: 'Illegal parking', departments: ['trafficPolice'], dispatch: 'direct', handlingTargetMs: 2 * HOUR_MS },
  fireEscapeBlocked: { zh: '消防通道堵塞', en: 'Fire escape blocked', departments: ['fire', 'trafficPolice'], dispatch: 'joint', handlingTargetMs: 2 * HOUR_MS },
  abandonedBicycles: { zh: '僵尸车占道', en: 'Abandoned bicycles', departments: ['cityManagement'], dispatch: 'direct', handlingTargetMs: 72 * HOUR_MS },
  garbage: { zh: '垃圾乱堆', en: 'Dumped rubbish', departments: ['cityManagement'], dispatch: 'direct', handlingTargetMs: 24 * HOUR_MS },
  noise: { zh: '噪音扰民', en: 'Noise', departments: ['ecology'], dispatch: 'direct', handlingTargetMs: 24 * HOUR_MS },
  gasLeak: { zh: '燃气泄漏', en: 'Gas leak', departments: ['gas', 'fire'], dispatch: 'joint', handlingTargetMs: 1 * HOUR_MS },
  powerOutage: { zh: '停电', en: 'Power cut', departments: ['powerSupply'], dispatch: 'direct', handlingTargetMs: 4 * HOUR_MS },
  illegalWiring: { zh: '私拉电线', en: 'Illegal wiring', departments: ['powerSupply', 'cityManagement'], dispatch: 'joint', handlingTargetMs: 24 * HOUR_MS },
  treeFallen: { zh: '树木倒伏', en: 'Fallen tree', departments: ['cityManagement'], dispatch: 'direct', handlingTargetMs: 4 * HOUR_MS },
  vehicleTrapped: { zh: '车辆被困', en: 'Vehicle trapped', departments: ['fire', 'emergency'], dispatch: 'joint', handlingTargetMs: 1 * HOUR_MS },
  elevatorEntrapment: { zh: '电梯困人', en: 'People trapped in a lift', departments: ['marketRegulation', 'fire'], dispatch: 'joint', handlingTargetMs: 1 * HOUR_MS },
  fireHydrantFault: { zh: '消防栓异常', en: 'Fire hydrant fault', departments: ['fire', 'waterSupply'], dispatch: 'joint', handlingTargetMs: 24 * HOUR_MS },
  smokeInShop: { zh: '商铺冒烟', en: 'Smoke in a shop', departments: ['fire'], dispatch: 'direct', handlingTargetMs: 1 * HOUR_MS },
  elderlyAssistance: { zh: '独居老人求助', en: 'Elderly person needs help', departments: ['civilAffairs'], dispatch: 'direct', handlingTargetMs: 4 * HOUR_MS },
  consumerDispute: { zh: '消费纠纷', en: 'Consumer dispute', departments: ['marketRegulation'], dispatch: 'direct', handlingTargetMs: 72 * HOUR_MS },
  merchantDebt: { zh: '商户欠款纠纷', en: 'Debt between merchants', departments: ['marketRegulation', 'civilAffairs'], dispatch: 'leader', handlingTargetMs: 72 * HOUR_MS },
  businessLicence: { zh: '证照办理', en: 'Business licence', departments: ['marketRegulation'], dispatch: 'direct', handlingTargetMs: 72 * HOUR_MS },
  cropPests: { zh: '农田病虫害', en: 'Pests in fields', departments: ['agriculture'], dispatch: 'direct', handlingTargetMs: 72 * HOUR_MS },
  unownedRoadMud: { zh: '无主道路泥泞', en: 'Mud on an unowned road', departments: ['housing', 'cityManagement', 'agriculture'], dispatch: 'leader', handlingTargetMs: 72 * HOUR_MS },
} as const satisfies Record<string, CategorySpec>;

export type Category = keyof typeof CATEGORIES;
export const CATEGORY_CODES = Object.keys(CATEGORIES) as [Category, ...Category[]];
export const CategorySchema = z.enum(CATEGORY_CODES, { error: `must be one of ${CATEGORY_CODES.join(', ')}` });

/** 签收 within five minutes of dispatch (DOMAIN: sign-in fell from 2 hours to 5 minutes). */
export const SIGN_IN_TARGET_MS = 5 * 60_000;
