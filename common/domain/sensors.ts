import { z } from 'zod';

/** What the city senses: waterlogging gauges, the IoT device kinds, and cameras (positions only). */
export const SENSOR_KINDS = [
  'waterlogging',
  'smokeDetector',
  'manholeCover',
  'gasLeak',
  'waterPressure',
  'streetLight',
  'signalLamp',
  'elevator',
  'fireHydrant',
  'camera',
] as const;
export const SensorKind = z.enum(SENSOR_KINDS);
export type SensorKind = z.infer<typeof SensorKind>;

export const SENSOR_KIND_LABELS: Record<SensorKind, { zh: string; en: string }> = {
  waterlogging: { zh: '易积水点', en: 'Waterlogging point' },
  smokeDetector: { zh: '烟感', en: 'Smoke detector' },
  manholeCover: { zh: '井盖倾斜', en: 'Manhole cover' },
  gasLeak: { zh: '燃气泄漏', en: 'Gas leak' },
  waterPressure: { zh: '供水压力', en: 'Water pressure' },
  streetLight: { zh: '路灯', en: 'Street light' },
  signalLamp: { zh: '信号灯', en: 'Signal lamp' },
  elevator: { zh: '电梯', en: 'Elevator' },
  fireHydrant: { zh: '消防栓', en: 'Fire hydrant' },
  camera: { zh: '视频监控', en: 'Camera' },
};

/** Water depth in centimetres, branded so a metre or a millimetre cannot be passed by mistake. */
export const DepthCm = z.number().min(0).max(1000).brand<'cm'>();
export type DepthCm = z.infer<typeof DepthCm>;

/** Alert levels, low to high; waterlogging maps depth in centimetres onto them. */
export const ALERT_LEVELS = ['none', 'blue', 'yellow', 'orange', 'red'] as const;
export const AlertLevel = z.enum(ALERT_LEVELS);
export type AlertLevel = z.infer<typeof AlertLevel>;
