import type { BroadcastContent } from './broadcasts.ts';

/** Ready-made instructions for the situations the city drills for; the officer edits before sending. */
export const BROADCAST_TEMPLATES: readonly (Omit<BroadcastContent, 'exercise'> & { key: string })[] = [
  {
    key: 'rainstormRed',
    title: '暴雨红色预警',
    body: '气象台发布暴雨红色预警。请各网格员立即巡查辖区下穿通道、地下车库、低洼路段和老旧小区，劝导群众远离积水区域，发现险情立即上报。',
    priority: 'flash',
    requiresConfirmation: true,
  },
  {
    key: 'floodAssembly',
    title: '防汛紧急集结',
    body: '请全体网格员30分钟内到所属社区集结，领取防汛物资，按网格分工转移危险区域群众。',
    priority: 'flash',
    requiresConfirmation: true,
  },
  {
    key: 'coldWave',
    title: '寒潮蓝色预警',
    body: '未来48小时气温骤降。请走访独居老人、困难家庭，检查供暖和燃气使用安全。',
    priority: 'urgent',
    requiresConfirmation: true,
  },
  {
    key: 'majorEvent',
    title: '重大活动保障',
    body: '明日举办重大活动。请加强辖区巡查，重点关注商圈、交通枢纽周边秩序，发现异常立即上报。',
    priority: 'urgent',
    requiresConfirmation: false,
  },
];
